package org.invwb.core.attack.gradient;

import java.util.List;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;

/**
 * Improved Deep Leakage from Gradients (Zhao, Mopuri and Bilen, 2020): the label is read off the
 * sign of the last layer's gradient, then only the image is optimised, as in DLG, against the
 * hard label. The reference code stops once the gradient distance is below 1e-6.
 */
public final class Idlg extends LbfgsGradientAttack {

    public static final String NAME = "idlg";

    static final ParamDecl STOP_BELOW = ParamDecl.real("stopBelow", 1e-6, 0, 1e6,
            "stop once the gradient distance falls below this (0: run every iteration)").paper("1e-6");

    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.IDLG, List.of(LabelStrategy.IDLG,
            LabelStrategy.LLG, LabelStrategy.YIN, LabelStrategy.AUTO, LabelStrategy.GIVEN), "idlg");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, LBFGS_ITERATIONS, HISTORY,
            STOP_BELOW, CONVERGED_BELOW, LABELS);

    @Override
    double stopBelow(ParamValues p) {
        return p.getDouble("stopBelow");
    }
}
