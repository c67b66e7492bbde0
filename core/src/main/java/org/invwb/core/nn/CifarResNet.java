package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Residual networks of basic blocks for small images (He et al., "Deep Residual Learning for Image
 * Recognition", CVPR 2016): a 3×3 stride-1 stem without max-pooling, stages of two-convolution
 * blocks that double the channels and halve the resolution from the second stage on, global
 * average pooling and a linear classifier. Names are torchvision's ({@code conv1}, {@code bn1},
 * {@code layerS.B.conv1}, {@code layerS.B.downsample.0}, {@code fc}), so a torchvision ResNet-18 with
 * its stem replaced for CIFAR loads as it is. Where a block changes shape, its shortcut is a 1×1
 * convolution with BatchNorm (the paper's option B, also inversefed's ResNet-20).
 */
public final class CifarResNet extends LayeredNetwork {

    public static final String RESNET18 = "resnet18";
    public static final String RESNET20 = "resnet20";
    public static final int RESNET18_WIDTH = 64;
    public static final int RESNET20_WIDTH = 16;

    private final int[] blocks;

    /**
     * @param blocks    basic blocks per stage
     * @param baseWidth channels of the stem and the first stage
     */
    public CifarResNet(String name, Shape input, int numClasses, int[] blocks, int baseWidth) {
        super(name, input, numClasses, layout(input, numClasses, blocks, baseWidth));
        this.blocks = blocks.clone();
    }

    /** ResNet-18: four stages of two blocks, 64 to 512 channels. */
    public static CifarResNet resnet18(Shape input, int numClasses, int baseWidth) {
        return new CifarResNet(RESNET18, input, numClasses, new int[] {2, 2, 2, 2}, baseWidth);
    }

    /** The paper's ResNet-20 for CIFAR: three stages of three blocks, 16 to 64 channels. */
    public static CifarResNet resnet20(Shape input, int numClasses, int baseWidth) {
        return new CifarResNet(RESNET20, input, numClasses, new int[] {3, 3, 3}, baseWidth);
    }

    private static StateLayout layout(Shape input, int numClasses, int[] blocks, int baseWidth) {
        StateLayout layout = new StateLayout()
                .conv("conv1", baseWidth, (int) input.get(0), 3, false)
                .batchNorm("bn1", baseWidth);
        int in = baseWidth;
        for (int s = 0; s < blocks.length; s++) {
            int out = baseWidth << s;
            for (int b = 0; b < blocks[s]; b++) {
                String block = block(s, b);
                layout.conv(block + ".conv1", out, in, 3, false).batchNorm(block + ".bn1", out)
                        .conv(block + ".conv2", out, out, 3, false).batchNorm(block + ".bn2", out);
                if (downsamples(s, b)) {
                    layout.conv(block + ".downsample.0", out, in, 1, false).batchNorm(block + ".downsample.1", out);
                }
                in = out;
            }
        }
        return layout.linear("fc", numClasses, in);
    }

    private static String block(int stage, int index) {
        return "layer" + (stage + 1) + "." + index;
    }

    /** The first block of every stage after the first halves the resolution and doubles the channels. */
    private static boolean downsamples(int stage, int index) {
        return stage > 0 && index == 0;
    }

    @Override
    NDArray logits(Layers layers, NDArray input) {
        NDArray x = Layers.relu(layers.batchNorm("bn1", layers.conv("conv1", input, 1, 1)));
        for (int s = 0; s < blocks.length; s++) {
            for (int b = 0; b < blocks[s]; b++) {
                String block = block(s, b);
                int stride = downsamples(s, b) ? 2 : 1;
                NDArray out = Layers.relu(layers.batchNorm(block + ".bn1", layers.conv(block + ".conv1", x, stride, 1)));
                out = layers.batchNorm(block + ".bn2", layers.conv(block + ".conv2", out, 1, 1));
                NDArray shortcut = downsamples(s, b)
                        ? layers.batchNorm(block + ".downsample.1", layers.conv(block + ".downsample.0", x, stride, 0))
                        : x;
                x = Layers.relu(out.add(shortcut));
            }
        }
        return layers.linear("fc", Layers.globalAveragePool(x));
    }

    @Override
    public String classifierWeight() {
        return "fc.weight";
    }
}
