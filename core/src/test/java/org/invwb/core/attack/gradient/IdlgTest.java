package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** iDLG in the paper's setting: one 32×32 colour image, the sigmoid LeNet, L-BFGS at lr 1. */
class IdlgTest {

    @Test
    void readsTheLabelOfEveryBundledPhotographOffTheGradient() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            for (int index = 0; index < 12; index++) {
                Spec spec = Spec.parse(Runs.photoSpec("idlg", index, seed, ""));
                ClientScenario scenario = ClientScenario.build(Runs.REGISTRY.resolve(spec));
                int recovered = ComputeThread.call(() -> LabelRecovery.idlg(scenario.observation()));
                assertEquals(scenario.batch().labels()[0], recovered, "photo " + index + ", seed " + seed);
            }
        }
    }

    /** Default settings; the reference code's early stop (1e-6) ends these well before 300 steps. */
    @ParameterizedTest
    @ValueSource(ints = {0, 6, 10})
    void reconstructsAPhotographAbove30Decibels(int index) throws Exception {
        RunReport report = Runs.run(Runs.photoSpec("idlg", index, 1, ""));
        assertEquals("done", report.status(), report.reason());
        assertEquals(1.0, (double) report.metrics().get("labelAccuracy"));
        double psnr = (double) report.metrics().get("psnr");
        assertTrue(psnr >= 30, "PSNR " + psnr + " dB on photo " + index);
        assertTrue(report.converged(), report.note());
    }

    @Test
    void refusesABatchWithAClearReason() throws Exception {
        RunReport report = Runs.run("{\"method\":\"idlg\",\"data\":{\"batchSize\":2}}");
        assertEquals("failed", report.status());
        assertTrue(report.reason().contains("batchSize 1"), report.reason());
    }
}
