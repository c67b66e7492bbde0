package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import java.util.List;

/** Builds the networks the workbench knows by name. */
public final class NetworkZoo {

    public static final List<String> NAMES = List.of(DlgLeNet.NAME, Mlp.NAME, ConvNet.NAME,
            CifarResNet.RESNET18, CifarResNet.RESNET20);

    /** Width argument that picks each architecture's own default. */
    public static final int DEFAULT_WIDTH = 0;

    private NetworkZoo() {
    }

    public static Network create(String name, int channels, int imageSize, int numClasses) {
        return create(name, channels, imageSize, numClasses, DEFAULT_WIDTH);
    }

    /**
     * @param width hidden units per layer (mlp), channel multiplier (convnet) or stem channels
     *              (resnet18, resnet20); {@link #DEFAULT_WIDTH} for the architecture's default
     * @throws IllegalArgumentException for an unknown name, or a width or image size the network cannot take
     */
    public static Network create(String name, int channels, int imageSize, int numClasses, int width) {
        Shape input = new Shape(channels, imageSize, imageSize);
        return switch (name) {
            case DlgLeNet.NAME -> {
                if (width != DEFAULT_WIDTH) {
                    throw new IllegalArgumentException(DlgLeNet.NAME + " has a fixed width; leave the width at its default");
                }
                yield new DlgLeNet(channels, imageSize, imageSize, numClasses);
            }
            case Mlp.NAME -> Mlp.ofWidth(input, numClasses, orDefault(width, Mlp.DEFAULT_WIDTH));
            case ConvNet.NAME -> new ConvNet(input, numClasses, orDefault(width, ConvNet.DEFAULT_WIDTH));
            case CifarResNet.RESNET18 -> CifarResNet.resnet18(input, numClasses, orDefault(width, CifarResNet.RESNET18_WIDTH));
            case CifarResNet.RESNET20 -> CifarResNet.resnet20(input, numClasses, orDefault(width, CifarResNet.RESNET20_WIDTH));
            default -> throw new IllegalArgumentException("unknown network \"" + name + "\"; known: " + String.join(", ", NAMES));
        };
    }

    private static int orDefault(int width, int architectureDefault) {
        if (width < 0) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
        return width == DEFAULT_WIDTH ? architectureDefault : width;
    }
}
