package org.invwb.core.attack.gan;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/** Inputs a GAN inversion cannot use are refused naming the field (on a small GAN drawn from the seed). */
class GanInversionSpecTest {

    private static RunReport run(String method, String data, String parameters) throws Exception {
        return RecordedRun.of("{\"method\": \"" + method + "\", \"data\": {" + data + "}, \"gan\": {\"latent\": 8,"
                + " \"generatorWidth\": 4, \"weights\": \"\"}, \"parameters\": {\"iterations\": 2, \"perceptualWeight\": 0"
                + (parameters.isEmpty() ? "" : ", " + parameters) + "}}").report();
    }

    private static void refused(RunReport report, String field) {
        assertEquals(RunReport.FAILED, report.status());
        assertTrue(report.reason().contains(field), report.reason());
    }

    @Test
    void imagesPastTheEndOfTheSourceAreRefusedNamingCount() throws Exception {
        refused(run(LatentOptimization.NAME, "\"classes\": \"0\", \"index\": 90, \"count\": 64", ""), "data.count");
    }

    @Test
    void anEvenMaskWindowIsRefused() throws Exception {
        refused(run(OutOfDomainInversion.NAME, "", "\"maskWindow\": 4"), "parameters.maskWindow");
    }

    @Test
    void anEncoderForAnotherLatentSizeIsRefusedNamingTheWeights() throws Exception {
        refused(run(EncoderInversion.NAME, "", ""), "parameters.encoderWeights");
    }

    /** Two iterations run and report, the stamp recorded, without the perceptual term when its weight is 0. */
    @Test
    void aShortRunReportsEveryIterationWithoutAPerceptualTermAtWeightZero() throws Exception {
        RecordedRun run = RecordedRun.of("{\"method\": \"latent-optimization\", \"data\": {\"stamp\": \"bar\"},"
                + " \"gan\": {\"latent\": 8, \"generatorWidth\": 4, \"weights\": \"\"}, \"parameters\":"
                + " {\"iterations\": 2, \"restarts\": 3, \"perceptualWeight\": 0}}");
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        assertEquals(6, run.progress().size());
        assertEquals(java.util.Set.of("objective", "mse", "lr", "stage", "restart", "psnr"),
                run.progress().get(0).scalars().keySet());
        assertEquals("bar", run.report().metrics().get("stamp"));
    }
}
