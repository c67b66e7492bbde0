package org.invwb.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;

/** What a method returns: how far it got, its final metrics (ordered, JSON-able) and the images to compare. */
public record RunOutcome(int iterations, Map<String, Object> metrics, List<FloatImage> groundTruth,
        List<FloatImage> reconstruction, boolean converged, String note) {

    public RunOutcome {
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        groundTruth = groundTruth == null ? List.of() : List.copyOf(groundTruth);
        reconstruction = reconstruction == null ? List.of() : List.copyOf(reconstruction);
    }
}
