package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.Scalars;

/**
 * A DCGAN generator (Radford, Metz and Chintala, ICLR 2016) for 28–32 px images: the latent code z
 * is projected to a (4·width)-channel map at a quarter of the image size, then two blocks each double
 * the size (nearest-neighbour up-sampling and a 3×3 convolution, in place of the paper's transposed
 * convolution, which leaves no checkerboard) and halve the channels, every layer followed by BatchNorm
 * and ReLU; a last 3×3 convolution and tanh give the image, mapped to [0, 1] like every image here.
 *
 * <p>The computation is cut into stages so that attacks can search the feature maps entering each
 * block as well as the latent (GIFD, IF-GMI): stage 0 is z itself, stage k ≥ 1 the map entering block
 * k ({@code project} → stage 1 → {@code block1} → stage 2 → {@code block2} → stage 3 → {@code out}).
 * {@link #features} runs the generator up to a stage, {@link #generateFrom} from a stage to the image.
 */
public final class DcganGenerator extends ImageLayoutModel {

    public static final String NAME = "dcgan-generator";
    /** DCGAN's latent size, which GMI keeps. */
    public static final int DEFAULT_LATENT = 100;
    public static final int DEFAULT_WIDTH = 16;
    /** The last stage: the map entering the output convolution. */
    public static final int STAGES = 3;

    private final int latent;
    private final int width;
    private final int base;
    private final StateLayout layout;

    /**
     * @param width channels entering the output convolution; the blocks before have 2× and 4× as many
     */
    public DcganGenerator(int channels, int imageSize, int latent, int width) {
        super(NAME, channels, imageSize);
        if (imageSize <= 0 || imageSize % 4 != 0) {
            throw new IllegalArgumentException(NAME + " doubles a quarter-size map twice, so the image size must be a"
                    + " multiple of 4, got " + imageSize);
        }
        if (latent < 1 || width < 1 || channels < 1) {
            throw new IllegalArgumentException(NAME + " needs positive channels, latent size and width, got "
                    + channels + ", " + latent + ", " + width);
        }
        this.latent = latent;
        this.width = width;
        this.base = imageSize / 4;
        this.layout = new StateLayout()
                .linear("project", 4 * width * base * base, latent)
                .batchNorm("project_bn", 4 * width)
                .conv("block1.conv", 2 * width, 4 * width, 3, true)
                .batchNorm("block1.bn", 2 * width)
                .conv("block2.conv", width, 2 * width, 3, true)
                .batchNorm("block2.bn", width)
                .conv("out", channels, width, 3, true);
    }

    @Override
    StateLayout layout() {
        return layout;
    }

    /** The BatchNorm running statistics, which training moves and attacks leave alone. */
    public List<String> bufferNames() {
        return layout.bufferNames();
    }

    /** The tensors a GAN trainer updates: all but the buffers. */
    public List<String> trainableNames() {
        List<String> buffers = bufferNames();
        return parameterShapes().keySet().stream().filter(n -> !buffers.contains(n)).toList();
    }

    public int latentSize() {
        return latent;
    }

    public int width() {
        return width;
    }

    /** Shape of one example's input at {@code stage}: (latent) for 0, else (C, H, W) of the map. */
    public Shape stageShape(int stage) {
        return switch (stage) {
            case 0 -> new Shape(latent);
            case 1 -> new Shape(4L * width, base, base);
            case 2 -> new Shape(2L * width, 2L * base, 2L * base);
            case 3 -> new Shape(width, 4L * base, 4L * base);
            default -> throw new IllegalArgumentException("stage " + stage + " is outside 0.." + STAGES);
        };
    }

    /** Images (N, C, size, size) in [0, 1] for latent codes z (N, latent), BatchNorm in eval mode. */
    public NDArray generate(Map<String, NDArray> params, NDArray z) {
        return generateFrom(params, z, 0);
    }

    /** The map entering {@code stage} (0 gives z back) for latent codes z, BatchNorm in eval mode. */
    public NDArray features(Map<String, NDArray> params, NDArray z, int stage) {
        return propagate(params, z, 0, stage);
    }

    /** The map entering stage {@code to} from {@code x}, the map entering stage {@code from}; eval mode. */
    public NDArray propagate(Map<String, NDArray> params, NDArray x, int from, int to) {
        if (to > STAGES) {
            throw new IllegalArgumentException("stage " + to + " is outside 0.." + STAGES);
        }
        return run(new Layers(params, false), x, from, to);
    }

    /** The images the generator makes from {@code input}, the map entering {@code stage}; eval mode. */
    public NDArray generateFrom(Map<String, NDArray> params, NDArray input, int stage) {
        return image(run(new Layers(params, false), input, stage, STAGES + 1));
    }

    /**
     * A train-mode pass (BatchNorm on the batch's statistics): the images and the running statistics
     * it moved, which the trainer writes back as PyTorch's BatchNorm would have.
     */
    public TrainingForward generateTraining(Map<String, NDArray> params, NDArray z) {
        Layers layers = new Layers(params, true);
        NDArray images = image(run(layers, z, 0, STAGES + 1));
        return new TrainingForward(images, layers.movedBuffers());
    }

    /** Runs the layers from the map entering stage {@code from} up to the one entering {@code to}. */
    private NDArray run(Layers layers, NDArray x, int from, int to) {
        if (from < 0 || to > STAGES + 1 || from > to) {
            throw new IllegalArgumentException("stages " + from + " to " + to + " are outside 0.." + STAGES);
        }
        for (int stage = from; stage < to; stage++) {
            x = switch (stage) {
                case 0 -> Layers.relu(layers.batchNorm("project_bn",
                        layers.linear("project", x).reshape(-1, 4L * width, base, base)));
                case 1 -> block(layers, "block1", x);
                case 2 -> block(layers, "block2", x);
                default -> layers.conv("out", x, 1, 1);
            };
        }
        return x;
    }

    private static NDArray block(Layers layers, String name, NDArray x) {
        return Layers.relu(layers.batchNorm(name + ".bn", layers.conv(name + ".conv", Layers.upsample2(x), 1, 1)));
    }

    /** tanh output taken from [−1, 1] to [0, 1]; {@code x} is the output convolution's result. */
    private static NDArray image(NDArray x) {
        return Scalars.times(Activation.tanh(x).add(1), 0.5);
    }
}
