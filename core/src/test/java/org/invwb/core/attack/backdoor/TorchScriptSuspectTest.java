package org.invwb.core.attack.backdoor;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/** The backdoor inversions on a suspect model given as a TorchScript file (tools/export_torchscript_fixture.py). */
class TorchScriptSuspectTest {

    static final int STEPS = 5;
    static final double EPSILON = 40;

    private static String fixture(String name) throws Exception {
        return Path.of(TorchScriptSuspectTest.class.getResource("/org/invwb/core/nn/torchscript/" + name).toURI())
                .toString().replace("\\", "\\\\");
    }

    private static String smoothInv(String weights, String method) {
        return "{\"method\": \"" + method + "\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\", \"index\": 1,"
                + " \"heldOut\": 100}, \"model\": {\"numClasses\": 10, \"imageSize\": 28, \"channels\": 1, \"weights\": \""
                + weights + "\"}, \"parameters\": {\"targetClass\": 7, \"steps\": " + STEPS + ", \"samples\": 8,"
                + " \"epsilon\": " + EPSILON + "}}";
    }

    /** Input gradients flow through the module: δ grows from zero, the target's probability rises, δ stays in budget. */
    @Test
    void smoothInvStepsThroughATorchScriptModelWithinItsBudget() throws Exception {
        RecordedRun run = RecordedRun.of(smoothInv(fixture("mlp-28.pt"), SmoothInv.NAME));
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        double budget = EPSILON * Math.sqrt(784.0 / SmoothInv.PAPER_DIMENSIONS);
        assertEquals(budget, run.metric("epsilon"), 1e-9);
        double norm = run.metric("perturbationNorm");
        // five normalised steps of 0.05·ε with momentum 0.9 move δ by more than 0.05·ε, never past ε
        assertTrue(norm > 0.05 * budget && norm <= budget + 1e-4, "norm " + norm + " of budget " + budget);
        List<Progress> progress = run.progress();
        assertEquals(STEPS, progress.size());
        double first = progress.get(0).scalars().get("targetProbability");
        double last = progress.get(STEPS - 1).scalars().get("targetProbability");
        assertTrue(last > first, "target probability " + first + " -> " + last);
    }

    @Test
    void aModuleWithoutInputGradientsIsRefusedNamingTheField() throws Exception {
        RecordedRun run = RecordedRun.of(smoothInv(fixture("detached-28.pt"), SmoothInv.NAME));
        assertEquals(RunReport.FAILED, run.report().status());
        String reason = run.report().reason();
        assertTrue(reason.contains("model.weights") && reason.contains("detached-28.pt")
                && reason.contains("returns no gradient to its input"), reason);
    }

    /** Gradient inversion needs parameter gradients, which a TorchScript module keeps inside: refused by field. */
    @Test
    void gradientInversionRefusesATorchScriptModel() throws Exception {
        String spec = "{\"method\": \"dlg\", \"seed\": 0, \"data\": {\"source\": \"bundled:mnist-test\"},"
                + " \"model\": {\"architecture\": \"mlp\", \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1,"
                + " \"weights\": \"" + fixture("mlp-28.pt") + "\"}}";
        RecordedRun run = RecordedRun.of(spec);
        assertEquals(RunReport.FAILED, run.report().status());
        String reason = run.report().reason();
        assertTrue(reason.contains("model.weights") && reason.contains("TorchScript")
                && reason.contains("gradients with respect to the parameters"), reason);
    }
}
