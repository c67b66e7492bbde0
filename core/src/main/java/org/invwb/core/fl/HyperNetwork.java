package org.invwb.core.fl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * HyperFL's hypernetwork (Guo et al., "A New Federated Learning Framework Against Gradient Inversion Attacks",
 * AAAI 2025): a small MLP that maps a client's private embedding to the weights of the target network's feature
 * extractor (every trainable tensor but the classifier head). One hidden ReLU layer, then one linear output per
 * generated tensor: h = relu(W₁e + b₁), θ_t = reshape(W_t h + b_t). Its tensors are named {@value #PREFIX}…, so
 * that nobody mistakes them for the target network's.
 */
public final class HyperNetwork {

    public static final String PREFIX = "hypernet.";
    static final String HIDDEN = PREFIX + "hidden";
    static final String OUT = PREFIX + "out.";

    private final Network target;
    private final int embeddingDim;
    private final int hidden;
    private final List<String> generated;
    private final List<String> head;

    public HyperNetwork(Network target, int embeddingDim, int hidden) {
        if (embeddingDim < 1 || hidden < 1) {
            throw new IllegalArgumentException("embedding and hidden sizes must be at least 1");
        }
        this.target = target;
        this.embeddingDim = embeddingDim;
        this.hidden = hidden;
        String headPrefix = target.classifierWeight().substring(0, target.classifierWeight().lastIndexOf('.') + 1);
        this.head = target.trainableNames().stream().filter(n -> n.startsWith(headPrefix)).toList();
        this.generated = target.trainableNames().stream().filter(n -> !n.startsWith(headPrefix)).toList();
        if (!target.bufferNames().isEmpty()) {
            throw new IllegalArgumentException(target.name() + " has buffers; HyperFL here generates plain weights");
        }
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    /** The target network's tensors the hypernetwork generates, in order. */
    public List<String> generatedNames() {
        return generated;
    }

    /** The target network's classifier head, which each client keeps to itself. */
    public List<String> headNames() {
        return head;
    }

    /** The hypernetwork's own tensors: the hidden layer, then one output layer per generated tensor. */
    public LinkedHashMap<String, Shape> parameterShapes() {
        LinkedHashMap<String, Shape> out = new LinkedHashMap<>();
        out.put(HIDDEN + ".weight", new Shape(hidden, embeddingDim));
        out.put(HIDDEN + ".bias", new Shape(hidden));
        Map<String, Shape> shapes = target.parameterShapes();
        for (String t : generated) {
            long size = shapes.get(t).size();
            out.put(OUT + t + ".weight", new Shape(size, hidden));
            out.put(OUT + t + ".bias", new Shape(size));
        }
        return out;
    }

    /** PyTorch's default Linear initialisation, uniform in ±1/√fan_in, drawn in order from {@code seed}. */
    public StateDict initialise(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        parameterShapes().forEach((name, shape) -> {
            long fanIn = name.startsWith(HIDDEN) ? embeddingDim : hidden;
            double bound = 1 / Math.sqrt(fanIn);
            float[] v = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) random.nextDouble(-bound, bound);
            }
            out.put(name, new HostTensor(shape.getShape(), v));
        });
        return new StateDict(out);
    }

    /** The feature extractor's weights for {@code embedding} (shape (embeddingDim)), in the graph of both. */
    public LinkedHashMap<String, NDArray> generate(Map<String, NDArray> params, NDArray embedding) {
        NDArray e = embedding.reshape(1, embeddingDim);
        NDArray h = Activation.relu(Linear.linear(e, params.get(HIDDEN + ".weight"), params.get(HIDDEN + ".bias"))
                .singletonOrThrow());
        Map<String, Shape> shapes = target.parameterShapes();
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        for (String t : generated) {
            NDArray flat = Linear.linear(h, params.get(OUT + t + ".weight"), params.get(OUT + t + ".bias"))
                    .singletonOrThrow();
            out.put(t, flat.reshape(shapes.get(t)));
        }
        return out;
    }
}
