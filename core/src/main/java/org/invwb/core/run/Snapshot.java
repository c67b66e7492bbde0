package org.invwb.core.run;

import java.util.List;
import org.invwb.core.data.FloatImage;

/** The current reconstructions, as plain floats; the emitter hands over images it no longer writes to. */
public record Snapshot(int iteration, List<FloatImage> images) implements RunEvent {

    public Snapshot {
        images = List.copyOf(images);
    }
}
