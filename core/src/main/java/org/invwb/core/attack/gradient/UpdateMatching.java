package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.invwb.core.fl.Observation;

/**
 * The data term every gradient attack minimises: dummy images and labels → the update the client would
 * have sent with them ({@link DummyUpdate}) → its distance to the observed update. Holds the global
 * model's weights (trainable ones requiring gradients) and the observed update on the device.
 */
final class UpdateMatching implements AutoCloseable {

    private final NDManager shared;
    private final LinkedHashMap<String, NDArray> params;
    private final GradientDistance distance;
    private final DummyUpdate update;

    /** @param distance the distance to the observed update, given it layer by layer in trainable order */
    UpdateMatching(Observation observation, Function<List<NDArray>, GradientDistance> distance, NDManager root) {
        this.shared = root.newSubManager();
        this.params = observation.globalModel().toArrays(shared);
        List<String> trainable = observation.network().trainableNames();
        trainable.forEach(n -> params.get(n).setRequiresGradient(true));
        List<NDArray> target = trainable.stream().map(n -> observation.update().get(n).toArray(shared)).toList();
        this.distance = distance.apply(target);
        this.update = new DummyUpdate(observation);
    }

    /**
     * The distance of the dummy update of {@code images} with class probabilities {@code targets}; with
     * {@code createGraph} it can be differentiated with respect to whatever made the images.
     */
    NDArray distance(DummyUpdate.Forward forward, NDArray images, NDArray targets, boolean createGraph) {
        return distance.between(update.of(forward, params, images, targets, createGraph));
    }

    /** The global model's weights on the device. */
    Map<String, NDArray> params() {
        return params;
    }

    @Override
    public void close() {
        shared.close();
    }
}
