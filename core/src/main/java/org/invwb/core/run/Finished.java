package org.invwb.core.run;

import java.util.List;
import org.invwb.core.data.FloatImage;

/**
 * The last event of a run that ended normally or was cancelled ({@code report.status()} tells which);
 * the images are what the method returned, empty when a cancelled method had nothing to show.
 */
public record Finished(RunReport report, List<FloatImage> groundTruth, List<FloatImage> reconstruction)
        implements RunEvent {

    public Finished {
        groundTruth = groundTruth == null ? List.of() : List.copyOf(groundTruth);
        reconstruction = reconstruction == null ? List.of() : List.copyOf(reconstruction);
    }
}
