package org.invwb.core.train;

import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * What a variant of classifier training changes in the one training loop: the batches it sees (a
 * poisoning recipe stamps and relabels some images) and the figures measured after every epoch.
 */
interface TrainingHook {

    TrainingHook NONE = new TrainingHook() { };

    /** Called once, before the first step, with the images the run trains and tests on. */
    default void start(ImageBatch train, ImageBatch test) {
    }

    /**
     * May change a batch before its step: {@code pixels} holds the training images {@code picked}
     * (NCHW, before augmentation) and {@code labels} their labels, both in the order of {@code picked}.
     */
    default void beforeStep(int[] picked, float[] pixels, int[] labels) {
    }

    /** Figures after an epoch, added to its progress and to the final metrics. Compute thread. */
    default Map<String, Double> evaluate(Network network, StateDict weights) {
        return Map.of();
    }

    /** Fixed figures of the run for the final metrics (e.g. how many images were poisoned). */
    default Map<String, Object> summary() {
        return Map.of();
    }
}
