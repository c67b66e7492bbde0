package org.invwb.core.run;

import java.util.List;
import org.invwb.core.data.FloatImage;

/**
 * The images a run of a method works against (a client's batch, the images a GAN inversion inverts),
 * read from its spec alone, without the engine: the ground truth a viewer shows from the run's start,
 * as the method will score against it.
 */
@FunctionalInterface
public interface InputImages {

    List<FloatImage> read(ResolvedSpec spec) throws Exception;
}
