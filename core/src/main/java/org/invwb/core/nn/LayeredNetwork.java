package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A zoo network declared with a {@link StateLayout} and computed with {@link Layers}: the parts of
 * {@link Network} that follow from those two are written here once.
 */
abstract class LayeredNetwork implements Network {

    private final String name;
    private final Shape inputShape;
    private final int numClasses;
    private final StateLayout layout;

    LayeredNetwork(String name, Shape inputShape, int numClasses, StateLayout layout) {
        this.name = name;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.layout = layout;
    }

    /** The network's computation from the input batch to the logits. */
    abstract NDArray logits(Layers layers, NDArray input);

    @Override
    public String name() {
        return name;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public LinkedHashMap<String, Shape> parameterShapes() {
        return layout.shapes();
    }

    @Override
    public List<String> bufferNames() {
        return layout.bufferNames();
    }

    @Override
    public NDArray forward(Map<String, NDArray> params, NDArray input, boolean training) {
        return logits(new Layers(params, training), input);
    }

    @Override
    public NDArray forward(Map<String, NDArray> params, NDArray input, boolean training, DropoutMasks dropout) {
        return logits(new Layers(params, training, checked(dropout), false), input);
    }

    @Override
    public StatisticsForward forwardWithStatistics(Map<String, NDArray> params, NDArray input, DropoutMasks dropout) {
        Layers layers = new Layers(params, true, checked(dropout), true);
        NDArray logits = logits(layers, input);
        return new StatisticsForward(logits, layers.batchStatistics());
    }

    /** Masks only for sites the network has, so that a misnamed mask fails instead of being ignored. */
    private DropoutMasks checked(DropoutMasks dropout) {
        for (String site : dropout.keep().keySet()) {
            if (!dropoutSites().containsKey(site)) {
                throw new IllegalArgumentException(name() + " has no dropout site \"" + site + "\"; it has "
                        + dropoutSites().keySet());
            }
        }
        return dropout;
    }

    @Override
    public TrainingForward forwardTraining(Map<String, NDArray> params, NDArray input) {
        Layers layers = new Layers(params, true);
        NDArray logits = logits(layers, input);
        return new TrainingForward(logits, layers.movedBuffers());
    }

    @Override
    public StateDict initialise(long seed) {
        return layout.initialise(seed);
    }
}
