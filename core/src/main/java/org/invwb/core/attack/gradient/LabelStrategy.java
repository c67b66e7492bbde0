package org.invwb.core.attack.gradient;

import java.util.Arrays;
import java.util.List;
import org.invwb.core.fl.Observation;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.RunFailure;

/**
 * How a gradient attack gets the labels of the client's batch: the spec's {@code parameters.labels}.
 * Every gradient method offers the same choices (those it can use), so label recovery can be
 * compared and ablated across methods; label accuracy is always in the metrics.
 */
enum LabelStrategy {

    /** Soft labels optimised jointly with the images, from softmax of dummy logits (DLG). */
    JOINT("joint"),
    /** The last layer's negative row (iDLG); batch 1 only. */
    IDLG("idlg"),
    /** Wainakh et al.'s LLG rule for batches, repeated labels included. */
    LLG("llg"),
    /** Yin et al.'s rule for batches of distinct labels. */
    YIN("yin"),
    /** iDLG for one image, LLG for a batch. */
    AUTO("auto"),
    /** The true labels, for ablations: what the attack would do if it knew them. */
    GIVEN("given");

    final String specName;

    LabelStrategy(String specName) {
        this.specName = specName;
    }

    static LabelStrategy named(String name) {
        return Arrays.stream(values()).filter(s -> s.specName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown label strategy " + name));
    }

    /** The shared {@code labels} parameter, offering {@code choices} with {@code def} as default. */
    static ParamDecl param(LabelStrategy def, List<LabelStrategy> choices, String paper) {
        return ParamDecl.choice("labels", def.specName, choices.stream().map(s -> s.specName).toList(),
                "how the labels are found: joint (optimised soft labels, DLG), idlg (last layer's negative row,"
                + " batch 1), llg (Wainakh et al. 2022), yin (Yin et al. 2021, distinct labels), auto (idlg for"
                + " one image, llg for a batch), given (the true labels, for ablations)").paper(paper);
    }

    /** The labels to hold fixed, or null for {@link #JOINT}, where the attack optimises them. */
    int[] labels(Observation observation, int[] trueLabels) throws RunFailure {
        int batch = observation.batchSize();
        return switch (this) {
            case JOINT -> null;
            case IDLG -> {
                if (batch != 1) {
                    throw new RunFailure("labels idlg reads one label off the gradient, so it needs data.batchSize 1"
                            + " (got " + batch + "); choose llg or yin for batches");
                }
                yield new int[] {LabelRecovery.idlg(observation)};
            }
            case LLG -> LabelRecovery.llg(observation);
            case YIN -> LabelRecovery.yin(observation);
            case AUTO -> batch == 1 ? new int[] {LabelRecovery.idlg(observation)} : LabelRecovery.llg(observation);
            case GIVEN -> trueLabels.clone();
        };
    }
}
