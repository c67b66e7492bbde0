package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.engine.Scalars;

/**
 * The layer operations the zoo's networks are built from, bound to one forward pass: its named
 * parameters and whether it runs in train or eval mode. Each operation reads the tensors of the
 * layer it is given the name of, so a network's forward reads like its PyTorch module.
 *
 * <p>BatchNorm follows PyTorch: eval mode normalises with the running statistics; train mode with
 * the batch's statistics, and moves copies of the running statistics as {@code BatchNorm2d} does
 * (momentum 0.1, unbiased batch variance, one more batch tracked). The copies are collected in
 * {@link #movedBuffers()}: the parameters passed in are never changed, so an attack may run the same
 * weights in train mode any number of times. Asked to, a train-mode pass also records the batch mean
 * and biased variance each BatchNorm layer normalised with ({@link #batchStatistics()}), in the graph.
 *
 * <p>Dropout is applied only where masks are given ({@link DropoutMasks}), in either mode.
 */
final class Layers {

    static final double BN_MOMENTUM = 0.1;
    static final double BN_EPS = 1e-5;
    static final double GN_EPS = 1e-5;

    private final Map<String, NDArray> params;
    private final boolean training;
    private final DropoutMasks dropout;
    private final boolean recordStatistics;
    private final LinkedHashMap<String, NDArray> movedBuffers = new LinkedHashMap<>();
    private final LinkedHashMap<String, BatchStatistics> batchStatistics = new LinkedHashMap<>();

    Layers(Map<String, NDArray> params, boolean training) {
        this(params, training, DropoutMasks.NONE, false);
    }

    Layers(Map<String, NDArray> params, boolean training, DropoutMasks dropout, boolean recordStatistics) {
        this.params = params;
        this.training = training;
        this.dropout = dropout;
        this.recordStatistics = recordStatistics;
    }

    /** Convolution {@code name} with a square kernel; its bias is used where the layer has one. */
    NDArray conv(String name, NDArray x, int stride, int padding) {
        return Conv2d.conv2d(x, param(name + ".weight"), params.get(name + ".bias"),
                new Shape(stride, stride), new Shape(padding, padding)).singletonOrThrow();
    }

    NDArray linear(String name, NDArray x) {
        return Linear.linear(x, param(name + ".weight"), param(name + ".bias")).singletonOrThrow();
    }

    NDArray batchNorm(String name, NDArray x) {
        NDArray mean = param(name + ".running_mean");
        NDArray var = param(name + ".running_var");
        if (training) {
            // torch updates the running statistics in place: hand it copies owned by this pass
            mean = movedCopy(name + ".running_mean", mean, x);
            var = movedCopy(name + ".running_var", var, x);
            movedCopy(name + ".num_batches_tracked", param(name + ".num_batches_tracked"), x).addi(1);
            if (recordStatistics) {
                batchStatistics.put(name, statistics(x));
            }
        }
        return JniUtils.batchNorm((PtNDArray) x, (PtNDArray) mean, (PtNDArray) var,
                (PtNDArray) param(name + ".weight"), (PtNDArray) param(name + ".bias"), training, BN_MOMENTUM, BN_EPS);
    }

    /** The channel mean and biased variance over batch and positions, as train-mode BatchNorm uses them. */
    private static BatchStatistics statistics(NDArray x) {
        long channels = x.getShape().get(1);
        // DJL's PyTorch mean takes one axis at a time: bring the channels first and flatten the rest
        NDArray perChannel = x.transpose(1, 0, 2, 3).reshape(channels, -1);
        NDArray mean = perChannel.mean(new int[] {1});
        NDArray variance = perChannel.sub(mean.reshape(channels, 1)).square().mean(new int[] {1});
        return new BatchStatistics(mean, variance);
    }

    /**
     * Dropout site {@code name}: the input times its mask, scaled by 1/(1 − p) (PyTorch's inverted
     * dropout); unchanged where no mask is given for the site.
     */
    NDArray dropout(String name, NDArray x) {
        NDArray mask = dropout.keep().get(name);
        if (mask == null) {
            return x;
        }
        return Scalars.dividedBy(x.mul(mask), 1 - dropout.rate());
    }

    /** GroupNorm {@code name} over {@code groups} channel groups, biased variance and ε 1e-5, as torch. */
    NDArray groupNorm(String name, NDArray x, int groups) {
        Shape s = x.getShape();
        long channels = s.get(1);
        NDArray grouped = x.reshape(s.get(0), groups, -1);
        NDArray centred = grouped.sub(grouped.mean(new int[] {2}, true));
        NDArray variance = centred.square().mean(new int[] {2}, true);
        NDArray normalised = centred.div(variance.add(GN_EPS).sqrt()).reshape(s);
        return normalised.mul(param(name + ".weight").reshape(1, channels, 1, 1))
                .add(param(name + ".bias").reshape(1, channels, 1, 1));
    }

    /** The row of embedding {@code name} for each index, as a one-hot product so that gradients reach the rows. */
    NDArray embedding(String name, NDArray oneHot) {
        return oneHot.matMul(param(name + ".weight"));
    }

    /** x·sigmoid(x), torch's {@code SiLU}. */
    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** Nearest-neighbour upsampling by 2 in height and width, as {@code Upsample(scale_factor=2)}. */
    static NDArray upsample2(NDArray x) {
        return x.repeat(2, 2).repeat(3, 2);
    }

    /** The height or width after a 3×3 convolution of stride 2 and padding 1. */
    static int afterStride2(int size) {
        return (size - 1) / 2 + 1;
    }

    static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    /** Max-pooling with a square window of {@code size} and stride {@code size}, as {@code MaxPool2d(size)}. */
    static NDArray maxPool(NDArray x, int size) {
        Shape window = new Shape(size, size);
        return Pool.maxPool2d(x, window, window, new Shape(0, 0), false);
    }

    /** Mean over the spatial axes: (N, C, H, W) to (N, C). */
    static NDArray globalAveragePool(NDArray x) {
        Shape s = x.getShape();
        // DJL's PyTorch mean takes one axis at a time
        return x.reshape(s.get(0), s.get(1), -1).mean(new int[] {2});
    }

    static NDArray flatten(NDArray x) {
        return x.reshape(x.getShape().get(0), -1);
    }

    /** The BatchNorm buffers a train-mode pass has moved so far, by name, owned by the input's manager. */
    Map<String, NDArray> movedBuffers() {
        return Collections.unmodifiableMap(movedBuffers);
    }

    /** The BatchNorm statistics recorded so far, by layer name, when the pass was asked to record them. */
    Map<String, BatchStatistics> batchStatistics() {
        return Collections.unmodifiableMap(batchStatistics);
    }

    private NDArray movedCopy(String name, NDArray buffer, NDArray x) {
        NDArray copy = buffer.duplicate();
        // a result belongs to its first operand's manager, here the long-lived weights': move it to the pass's
        copy.attach(x.getManager());
        movedBuffers.put(name, copy);
        return copy;
    }

    boolean hasParam(String name) {
        return params.containsKey(name);
    }

    NDArray param(String name) {
        NDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no parameter named \"" + name + "\"");
        }
        return p;
    }
}
