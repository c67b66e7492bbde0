package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import org.invwb.core.engine.StagingBuffer;

/**
 * A small class-conditional UNet that predicts the noise ε of a DDPM (Ho, Jain and Abbeel, NeurIPS
 * 2020) from a noisy image x_t, its timestep t and a class: the sinusoidal timestep embedding of the
 * Transformer, passed through a two-layer SiLU MLP, plus a learned class embedding, conditions every
 * residual block. The class embedding has one row more than there are classes: the null class
 * ({@link #nullClass()}), which training substitutes for the label now and then so that the same
 * network also predicts the unconditional ε that classifier-free guidance (Ho and Salimans 2021) needs.
 *
 * <p>Two resolution levels (full size with {@code width} channels, half size with 2·width) and a
 * quarter-size middle; each residual block is GroupNorm–SiLU–conv3×3, plus the projected embedding,
 * GroupNorm–SiLU–conv3×3, with a 1×1 convolution on the shortcut where the channel count changes.
 * Down-sampling is a stride-2 convolution, up-sampling nearest-neighbour then a convolution, and the
 * up path concatenates the down path's features. Names follow a PyTorch module of that shape, so
 * weights are plain safetensors.
 */
public final class ConditionalUNet extends ImageLayoutModel {

    public static final String NAME = "unet";
    /** GroupNorm groups in every block; the width must be a multiple of it. */
    public static final int GROUPS = 8;

    private final int numClasses;
    private final int width;
    private final StateLayout layout;

    /**
     * @param width channels at full resolution (a multiple of {@value #GROUPS}); the half-size level
     *              and the middle have twice as many, the embeddings four times
     */
    public ConditionalUNet(int channels, int imageSize, int numClasses, int width) {
        super(NAME, channels, imageSize);
        if (width <= 0 || width % GROUPS != 0) {
            throw new IllegalArgumentException(NAME + " needs a width that is a positive multiple of " + GROUPS
                    + ", got " + width);
        }
        if (imageSize <= 0 || imageSize % 4 != 0) {
            throw new IllegalArgumentException(NAME + " halves the image twice, so its size must be a multiple of 4, got "
                    + imageSize);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException(NAME + " needs at least one class, got " + numClasses);
        }
        this.numClasses = numClasses;
        this.width = width;
        this.layout = buildLayout();
    }

    @Override
    StateLayout layout() {
        return layout;
    }

    private StateLayout buildLayout() {
        int w = width;
        int emb = embeddingSize();
        StateLayout l = new StateLayout()
                .linear("time_embed.0", emb, w)
                .linear("time_embed.2", emb, emb)
                .embedding("class_embed", numClasses + 1, emb)
                .conv("conv_in", w, channels(), 3, true);
        resBlock(l, "down.0.block", w, w);
        l.conv("down.0.downsample", w, w, 3, true);
        resBlock(l, "down.1.block", w, 2 * w);
        l.conv("down.1.downsample", 2 * w, 2 * w, 3, true);
        resBlock(l, "mid.block", 2 * w, 2 * w);
        l.conv("up.1.upsample", 2 * w, 2 * w, 3, true);
        resBlock(l, "up.1.block", 4 * w, 2 * w);
        l.conv("up.0.upsample", w, 2 * w, 3, true);
        resBlock(l, "up.0.block", 2 * w, w);
        return l.groupNorm("norm_out", w).conv("conv_out", channels(), w, 3, true);
    }

    private void resBlock(StateLayout l, String name, int in, int out) {
        l.groupNorm(name + ".norm1", in)
                .conv(name + ".conv1", out, in, 3, true)
                .linear(name + ".emb", out, embeddingSize())
                .groupNorm(name + ".norm2", out)
                .conv(name + ".conv2", out, out, 3, true);
        if (in != out) {
            l.conv(name + ".skip", out, in, 1, true);
        }
    }

    public int numClasses() {
        return numClasses;
    }

    public int width() {
        return width;
    }

    /** The class index that stands for "no class": the unconditional model of classifier-free guidance. */
    public int nullClass() {
        return numClasses;
    }

    /** Size of the timestep and class embeddings. */
    public int embeddingSize() {
        return 4 * width;
    }

    /**
     * The class embedding rows (N, {@link #embeddingSize()}) of {@code labels} (each in 0..numClasses,
     * numClasses being the null class), in {@code like}'s data type and manager.
     */
    public NDArray classEmbedding(Map<String, NDArray> params, int[] labels, NDArray like) {
        int rows = numClasses + 1;
        float[] oneHot = new float[labels.length * rows];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] > numClasses) {
                throw new IllegalArgumentException("class " + labels[i] + " is outside 0.." + numClasses
                        + " (" + numClasses + " is the null class)");
            }
            oneHot[i * rows + labels[i]] = 1;
        }
        NDArray selector = upload(like.getManager(), oneHot, new Shape(labels.length, rows), like.getDataType());
        return new Layers(params, false).embedding("class_embed", selector);
    }

    /** ε̂(x_t, t, class) for a batch of images and one timestep per image. */
    public NDArray forward(Map<String, NDArray> params, NDArray x, int[] timesteps, int[] labels) {
        return forward(params, x, timesteps, classEmbedding(params, labels, x));
    }

    /**
     * ε̂ with the class given as its embedding rows (N, {@link #embeddingSize()}) rather than an index,
     * so a caller can optimise an embedding (null-text inversion tunes the null class's row).
     */
    public NDArray forward(Map<String, NDArray> params, NDArray x, int[] timesteps, NDArray classEmbedding) {
        Layers layers = new Layers(params, false);
        NDArray emb = layers.linear("time_embed.2",
                Layers.silu(layers.linear("time_embed.0", timestepEmbedding(x, timesteps))));
        NDArray condition = Layers.silu(emb.add(classEmbedding));

        NDArray h = layers.conv("conv_in", x, 1, 1);
        NDArray h0 = resBlock(layers, "down.0.block", h, condition);
        h = layers.conv("down.0.downsample", h0, 2, 1);
        NDArray h1 = resBlock(layers, "down.1.block", h, condition);
        h = layers.conv("down.1.downsample", h1, 2, 1);
        h = resBlock(layers, "mid.block", h, condition);
        h = layers.conv("up.1.upsample", Layers.upsample2(h), 1, 1);
        h = resBlock(layers, "up.1.block", h.concat(h1, 1), condition);
        h = layers.conv("up.0.upsample", Layers.upsample2(h), 1, 1);
        h = resBlock(layers, "up.0.block", h.concat(h0, 1), condition);
        return layers.conv("conv_out", Layers.silu(layers.groupNorm("norm_out", h, GROUPS)), 1, 1);
    }

    private static NDArray resBlock(Layers layers, String name, NDArray x, NDArray condition) {
        NDArray h = layers.conv(name + ".conv1", Layers.silu(layers.groupNorm(name + ".norm1", x, GROUPS)), 1, 1);
        NDArray projected = layers.linear(name + ".emb", condition);
        h = h.add(projected.reshape(projected.getShape().get(0), -1, 1, 1));
        h = layers.conv(name + ".conv2", Layers.silu(layers.groupNorm(name + ".norm2", h, GROUPS)), 1, 1);
        NDArray shortcut = layers.hasParam(name + ".skip.weight") ? layers.conv(name + ".skip", x, 1, 0) : x;
        return h.add(shortcut);
    }

    /**
     * The Transformer's sinusoidal embedding of each timestep, as DDPM uses it: sin(t·f_i) then
     * cos(t·f_i) for f_i = 10000^(−i/(d/2−1)), i = 0..d/2−1, with d the width.
     */
    private NDArray timestepEmbedding(NDArray like, int[] timesteps) {
        int half = width / 2;
        float[] t = new float[timesteps.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = timesteps[i];
        }
        DataType type = like.getDataType();
        NDManager m = like.getManager();
        NDArray steps = upload(m, t, new Shape(t.length, 1), type);
        NDArray frequencies = m.arange(0, half, 1, type).muli(-Math.log(10000) / (half - 1)).exp().reshape(1, half);
        NDArray angles = steps.mul(frequencies);
        return angles.sin().concat(angles.cos(), 1);
    }

    private static NDArray upload(NDManager m, float[] values, Shape shape, DataType type) {
        NDArray a = StagingBuffer.uploadOnThisThread(m, values, shape);
        return type == DataType.FLOAT32 ? a : a.toType(type, false);
    }
}
