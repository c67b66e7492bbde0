package org.invwb.core.attack.gradient;

import java.util.List;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;

/**
 * Deep Leakage from Gradients (Zhu, Liu and Han, NeurIPS 2019): dummy images and dummy soft labels
 * are optimised jointly with L-BFGS (lr 1, 300 steps) to match the client's gradient in squared
 * L2 distance, on the sigmoid LeNet with weights drawn from U(−0.5, 0.5).
 */
public final class Dlg extends LbfgsGradientAttack {

    public static final String NAME = "dlg";

    static final ParamDecl STOP_BELOW = ParamDecl.real("stopBelow", 0, 0, 1e6,
            "stop once the gradient distance falls below this (0: run every iteration)").paper("0 (no early stop)");

    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.JOINT, List.of(LabelStrategy.values()),
            "joint");

    public static final ParamSet PARAMETERS = ParamSet.of(ITERATIONS, LR, LBFGS_ITERATIONS, HISTORY,
            STOP_BELOW, CONVERGED_BELOW, LABELS);

    @Override
    double stopBelow(ParamValues p) {
        return p.getDouble("stopBelow");
    }
}
