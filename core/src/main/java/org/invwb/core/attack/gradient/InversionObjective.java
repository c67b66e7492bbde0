package org.invwb.core.attack.gradient;

import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.optim.Lbfgs;

/** An attack objective over a flat variable vector that also says what the vector means. */
interface InversionObjective extends Lbfgs.Objective {

    /** The images the variables currently encode, in [0, 1]. */
    List<FloatImage> images(double[] vars);

    /** The labels the attack currently believes in. */
    int[] labels(double[] vars);

    /** Objective evaluations so far. */
    int evaluations();
}
