package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A train-mode forward's logits with the batch statistics each BatchNorm layer saw, by layer name in forward order. */
public record StatisticsForward(NDArray logits, Map<String, BatchStatistics> statistics) {

    public StatisticsForward {
        statistics = Collections.unmodifiableMap(new LinkedHashMap<>(statistics));
    }
}
