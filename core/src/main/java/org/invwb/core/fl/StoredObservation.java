package org.invwb.core.fl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An observation as a federated round stores it: what the server received, plus what is needed to rebuild
 * the model (architecture and width) and what the server knows about how the update was made.
 *
 * @param observation       exactly what the server received (under secure aggregation: the masked update)
 * @param architecture      the model's name in the network zoo
 * @param width             the width it was built with (0: the architecture's default)
 * @param defense           the client's defense
 * @param defenseReport     what the defense reports, e.g. the privacy spent
 * @param secureAggregation whether the update is masked, so that alone it says nothing about the client
 * @param client            which client it came from, 0-based
 * @param round             at which round, 1-based
 */
public record StoredObservation(Observation observation, String architecture, int width, String defense,
                                Map<String, Object> defenseReport, boolean secureAggregation, int client, int round) {

    public StoredObservation {
        defenseReport = Collections.unmodifiableMap(new LinkedHashMap<>(defenseReport));
    }
}
