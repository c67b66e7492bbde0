package org.invwb.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Losses and metrics by name after one iteration; the order is kept so charts and tables stay stable. */
public record Progress(int iteration, Map<String, Double> scalars) implements RunEvent {

    public Progress {
        scalars = Collections.unmodifiableMap(new LinkedHashMap<>(scalars));
    }
}
