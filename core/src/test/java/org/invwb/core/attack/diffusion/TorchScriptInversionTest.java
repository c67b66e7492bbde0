package org.invwb.core.attack.diffusion;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/**
 * The diffusion inversions on a TorchScript ε-model (tools/export_diffusion_torchscript_fixture.py's
 * eps-tiny.pt: untrained, 1×28×28, 10 classes, T = 1000), named in {@code model.weights}.
 */
class TorchScriptInversionTest {

    private static RecordedRun run(String method, String parameters) throws Exception {
        Path file = Path.of(TorchScriptInversionTest.class.getResource("/org/invwb/core/nn/diffusion/eps-tiny.pt")
                .toURI());
        return RecordedRun.withSnapshots("{\"method\": \"" + method + "\", \"model\": {\"weights\": \"" + file
                + "\"}, \"parameters\": {\"steps\": 5, " + parameters + "}}");
    }

    private static RecordedRun done(String method, String parameters) throws Exception {
        RecordedRun r = run(method, parameters);
        assertEquals(RunReport.DONE, r.report().status(), r.report().reason());
        return r;
    }

    /** DDIM inversion walks the module's ε: every state traced, and the round trip off as DDIM's is. */
    @Test
    void ddimRecordedRunsOnTheModule() throws Exception {
        RecordedRun r = done("ddim-inversion", "\"guidance\": 3");
        assertEquals(10, r.snapshots().size());
        assertTrue(r.metric("roundTripMse") > 1e-8 && Double.isFinite(r.metric("roundTripMse")),
                "DDIM inversion is not exact: " + r.metric("roundTripMse"));
    }

    /** BDIA is exact whatever ε is, so in float64 (the module itself in float32) the image comes back to rounding. */
    @Test
    void bdiaIsExactOnTheModule() throws Exception {
        RecordedRun r = done("bdia", "\"guidance\": 3, \"precision\": \"float64\"");
        assertTrue(r.metric("roundTripMse") < 1e-20, "BDIA round trip " + r.metric("roundTripMse"));
    }

    /** SPDInv's search differentiates through the module: each step's residual falls below the DDIM guess's. */
    @Test
    void spdInversionSearchesThroughTheModule() throws Exception {
        RecordedRun r = done("spd-inversion", "\"innerSteps\": 5");
        List<?> first = (List<?>) r.report().metrics().get("firstResiduals");
        List<?> last = (List<?>) r.report().metrics().get("residuals");
        for (int k = 0; k < last.size(); k++) {
            assertTrue((Double) last.get(k) < (Double) first.get(k), first + " -> " + last);
        }
    }

    @Test
    void nullTextRefusesTheModuleByField() throws Exception {
        RecordedRun r = run("null-text", "\"guidance\": 3");
        assertEquals(RunReport.FAILED, r.report().status());
        assertTrue(r.report().reason().contains("model.weights") && r.report().reason().contains("null-text tunes the"
                + " null class's embedding"), r.report().reason());
    }
}
