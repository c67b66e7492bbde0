package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network as a pure function of its parameters: {@code forward(params, input)}. Keeping the
 * parameters outside lets an attack bind fresh arrays each iteration and differentiate through
 * the parameter gradient (see {@link org.invwb.core.engine.Autograd}).
 */
public interface Network {

    /** Registry name, e.g. {@code lenet-dlg}. */
    String name();

    /** Input shape of one image: channels, height, width. */
    Shape inputShape();

    int numClasses();

    /**
     * Names and shapes of every tensor of the model, trainable parameters and buffers alike, as
     * PyTorch's {@code state_dict()} names and orders them.
     */
    LinkedHashMap<String, Shape> parameterShapes();

    /** The names among {@link #parameterShapes()} that are state, not trained (BatchNorm running statistics). */
    default List<String> bufferNames() {
        return List.of();
    }

    /** The names gradients are taken for: every tensor that is not a buffer, in order. */
    default List<String> trainableNames() {
        Set<String> buffers = Set.copyOf(bufferNames());
        return parameterShapes().keySet().stream().filter(n -> !buffers.contains(n)).toList();
    }

    /**
     * Logits for a batch (N, C, H, W); {@code training} selects train-mode behaviour where it differs
     * (BatchNorm on batch statistics). {@code params} is never changed.
     */
    NDArray forward(Map<String, NDArray> params, NDArray input, boolean training);

    /**
     * {@link #forward(Map, NDArray, boolean)} with dropout applied at the sites that {@code dropout}
     * has masks for. A network without dropout sites takes only {@link DropoutMasks#NONE}.
     */
    default NDArray forward(Map<String, NDArray> params, NDArray input, boolean training, DropoutMasks dropout) {
        if (!dropout.keep().isEmpty()) {
            throw new IllegalArgumentException(name() + " has no dropout sites");
        }
        return forward(params, input, training);
    }

    /**
     * Where the network can drop units, in forward order: site name to the units per example, so a
     * mask for the site has shape (N, units). Empty for a network without dropout.
     */
    default LinkedHashMap<String, Integer> dropoutSites() {
        return new LinkedHashMap<>();
    }

    /**
     * A train-mode forward with the given dropout that also returns the batch mean and biased
     * variance each BatchNorm layer normalised with, in the graph; none for networks without BatchNorm.
     */
    default StatisticsForward forwardWithStatistics(Map<String, NDArray> params, NDArray input, DropoutMasks dropout) {
        return new StatisticsForward(forward(params, input, true, dropout), Map.of());
    }

    /** A train-mode forward that also returns the buffers it moves; none for networks without buffers. */
    default TrainingForward forwardTraining(Map<String, NDArray> params, NDArray input) {
        return new TrainingForward(forward(params, input, true), Map.of());
    }

    /** Name of the last layer's weight (classes × features), which label-recovery rules read. */
    String classifierWeight();

    /** Initial weights drawn from {@code seed} as the network's reference implementation does. */
    StateDict initialise(long seed);
}
