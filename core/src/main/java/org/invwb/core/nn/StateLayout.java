package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/**
 * The named tensors of a network, declared layer by layer as PyTorch's modules declare them (so the
 * names and their order are those of {@code state_dict()}), each with PyTorch's default
 * initialisation: convolution and linear weights and biases uniform in ±1/√fan_in (what
 * {@code kaiming_uniform_(a=√5)} and the bias rule reduce to), BatchNorm weight 1, bias 0, running
 * mean 0, running variance 1 and no batches tracked; GroupNorm weight 1, bias 0; embeddings N(0, 1).
 */
final class StateLayout {

    private record Entry(Shape shape, boolean buffer, ToDoubleFunction<SplittableRandom> init) {
    }

    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>();

    /** A 2-D convolution {@code name} (square kernel), with or without bias. */
    StateLayout conv(String name, int out, int in, int kernel, boolean bias) {
        double bound = 1 / Math.sqrt((double) in * kernel * kernel);
        add(name + ".weight", new Shape(out, in, kernel, kernel), false, uniform(bound));
        if (bias) {
            add(name + ".bias", new Shape(out), false, uniform(bound));
        }
        return this;
    }

    /** A linear layer {@code name}: weight (out × in) and bias. */
    StateLayout linear(String name, int out, int in) {
        double bound = 1 / Math.sqrt(in);
        add(name + ".weight", new Shape(out, in), false, uniform(bound));
        add(name + ".bias", new Shape(out), false, uniform(bound));
        return this;
    }

    /** A BatchNorm2d {@code name}: affine weight and bias, then its three buffers. */
    StateLayout batchNorm(String name, int channels) {
        Shape shape = new Shape(channels);
        add(name + ".weight", shape, false, r -> 1);
        add(name + ".bias", shape, false, r -> 0);
        add(name + ".running_mean", shape, true, r -> 0);
        add(name + ".running_var", shape, true, r -> 1);
        add(name + ".num_batches_tracked", new Shape(), true, r -> 0);
        return this;
    }

    /** A GroupNorm {@code name}: affine weight 1 and bias 0, no buffers. */
    StateLayout groupNorm(String name, int channels) {
        Shape shape = new Shape(channels);
        add(name + ".weight", shape, false, r -> 1);
        add(name + ".bias", shape, false, r -> 0);
        return this;
    }

    /** An Embedding {@code name} of {@code count} rows of {@code dim}, drawn from N(0, 1) as torch does. */
    StateLayout embedding(String name, int count, int dim) {
        add(name + ".weight", new Shape(count, dim), false, SplittableRandom::nextGaussian);
        return this;
    }

    private static ToDoubleFunction<SplittableRandom> uniform(double bound) {
        return r -> r.nextDouble(-bound, bound);
    }

    private void add(String name, Shape shape, boolean buffer, ToDoubleFunction<SplittableRandom> init) {
        if (entries.putIfAbsent(name, new Entry(shape, buffer, init)) != null) {
            throw new IllegalStateException("tensor " + name + " declared twice");
        }
    }

    LinkedHashMap<String, Shape> shapes() {
        LinkedHashMap<String, Shape> out = new LinkedHashMap<>();
        entries.forEach((name, e) -> out.put(name, e.shape()));
        return out;
    }

    List<String> bufferNames() {
        List<String> out = new ArrayList<>();
        entries.forEach((name, e) -> {
            if (e.buffer()) {
                out.add(name);
            }
        });
        return List.copyOf(out);
    }

    /** Draws every tensor in order from one stream seeded with {@code seed}. */
    StateDict initialise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        entries.forEach((name, e) -> {
            float[] values = new float[Math.toIntExact(e.shape().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) e.init().applyAsDouble(random);
            }
            tensors.put(name, new HostTensor(e.shape().getShape(), values));
        });
        return new StateDict(tensors);
    }
}
