package org.invwb.core.attack.diffusion;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/** Round trips on the shipped {@code bundled:unet-mnist}, 10 DDIM steps, bundled MNIST test image 0 (a 1). */
class DiffusionInversionTest {

    private static RecordedRun run(String method, String parameters) throws Exception {
        RecordedRun r = RecordedRun.withSnapshots(InversionSpecs.spec(method, 0, "\"steps\": 10, " + parameters));
        assertEquals(RunReport.DONE, r.report().status(), r.report().reason());
        return r;
    }

    /**
     * EDICT's steps are solved exactly backwards, so in float64 the round trip differs from the image
     * only by rounding. The bound: float64's unit roundoff is 1.1e-16, and EDICT's inverse divides by
     * p twice per step while ε feeds each rounding error back, so 10 steps grow it to about 1e-10 per
     * pixel (measured: max 1.7e-10, MSE 7.1e-22; BDIA max 2.6e-13, MSE 4.9e-28). MSE below 1e-20 and no
     * pixel off by 1e-9 leaves a margin of about ten and is still far below anything float32 arithmetic
     * could reach (its roundoff alone is 6e-8 per operation) or plain DDIM inversion's 0.27 below.
     */
    @Test
    void edictRoundTripIsExactInFloat64() throws Exception {
        RecordedRun r = run("edict", "\"guidance\": 3, \"precision\": \"float64\"");
        assertTrue(r.metric("roundTripMse") < EXACT_MSE, "EDICT round trip MSE " + r.metric("roundTripMse"));
        assertTrue(r.metric("maxAbsError") < EXACT_MAX, "EDICT max error " + r.metric("maxAbsError"));
        // the trajectory is there to scrub: 10 inversion and 10 regeneration states, one drift per regenerated state
        assertEquals(20, r.progress().size());
        assertEquals(20, r.snapshots().size());
        assertEquals(10, ((List<?>) r.report().metrics().get("drift")).size());
    }

    @Test
    void bdiaRoundTripIsExactInFloat64() throws Exception {
        RecordedRun r = run("bdia", "\"guidance\": 3, \"precision\": \"float64\"");
        assertTrue(r.metric("roundTripMse") < EXACT_MSE, "BDIA round trip MSE " + r.metric("roundTripMse"));
        assertTrue(r.metric("maxAbsError") < EXACT_MAX, "BDIA max error " + r.metric("maxAbsError"));
    }

    /**
     * Plain DDIM inversion is not exact: ε(x_{k−1}) stands in for ε(x_k), and guidance amplifies the gap.
     * Measured in float64: round-trip MSE 0.27 at w = 3 (PSNR of the shown image 20.6 dB), 0.21 at w = 1.
     */
    @Test
    void ddimInversionWithGuidanceVisiblyDrifts() throws Exception {
        double plain = run("ddim-inversion", "\"guidance\": 1, \"precision\": \"float64\"").metric("roundTripMse");
        RecordedRun guided = run("ddim-inversion", "\"guidance\": 3, \"precision\": \"float64\"");
        assertTrue(guided.metric("roundTripMse") > DRIFT_MSE, "guided DDIM round trip MSE " + guided.metric("roundTripMse"));
        assertTrue(guided.metric("mse") > DRIFT_MSE, "guided DDIM image MSE " + guided.metric("mse"));
        assertTrue(guided.metric("roundTripMse") > plain, plain + " (w = 1) vs " + guided.metric("roundTripMse"));
    }

    /**
     * Null-text inversion tunes the null class per step until guided DDIM retraces the w = 1 pivot.
     * Measured at w = 3: round-trip MSE 0.023 against DDIM inversion's 0.27.
     */
    @Test
    void nullTextLowersTheGuidedRoundTripError() throws Exception {
        double ddim = run("ddim-inversion", "\"guidance\": 3").metric("roundTripMse");
        double nullText = run("null-text", "\"guidance\": 3").metric("roundTripMse");
        assertTrue(nullText < NULL_TEXT_FACTOR * ddim, "null-text " + nullText + " vs DDIM inversion " + ddim);
    }

    /** Regenerating with another class is an edit: reported as such, and the image changes. */
    @Test
    void anotherClassEditsTheImage() throws Exception {
        RecordedRun edit = run("bdia", "\"guidance\": 3, \"targetClass\": 7");
        assertEquals(false, edit.report().metrics().get("roundTrip"));
        assertTrue(edit.metric("mse") > DRIFT_MSE, "the edit left the 1 as it was: MSE " + edit.metric("mse"));
    }

    @Test
    void aClassTheModelDoesNotKnowIsRefusedByName() throws Exception {
        RecordedRun r = RecordedRun.withSnapshots(InversionSpecs.spec("edict", 0, "\"targetClass\": 10"));
        assertEquals(RunReport.FAILED, r.report().status());
        assertTrue(r.report().reason().contains("parameters.targetClass") && r.report().reason().contains("0..9"),
                r.report().reason());
    }

    private static final double EXACT_MSE = 1e-20;
    private static final double EXACT_MAX = 1e-9;
    private static final double DRIFT_MSE = 1e-3;
    private static final double NULL_TEXT_FACTOR = 0.5;
}
