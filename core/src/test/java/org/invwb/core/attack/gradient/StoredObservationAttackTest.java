package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.StoredObservation;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Attacks read a stored observation through {@code client.observation}, and gradient matching refuses FedAvg. */
class StoredObservationAttackTest {

    @TempDir
    Path dir;

    /** Attacking the stored observation of photo 0 retraces, step for step, the attack on the simulated client. */
    @Test
    void idlgAttacksAStoredObservationAsItAttacksTheClient() throws Exception {
        String parameters = "\"iterations\": 4";
        ClientScenario simulated = ClientScenario.build(Runs.REGISTRY.resolve(
                Spec.parse(Runs.photoSpec("idlg", 0, 1, parameters))));
        StoredObservation stored = new StoredObservation(ComputeThread.call(simulated::observation), "lenet-dlg", 0,
                "none", Map.of(), false, 0, 1);
        ObservationFile.save(dir, stored, simulated.batch());

        RunReport direct = Runs.run(Runs.photoSpec("idlg", 0, 1, parameters));
        RunReport fromFile = Runs.run("{\"method\":\"idlg\",\"seed\":1,\"client\":{\"observation\":\""
                + dir.toString().replace("\\", "\\\\") + "\"},\"parameters\":{" + parameters + "}}");
        assertEquals("done", fromFile.status(), fromFile.reason());
        assertEquals(1.0, (double) fromFile.metrics().get("labelAccuracy"));
        for (String metric : new String[] {"gradientDistance", "psnr", "ssim"}) {
            assertEquals((double) direct.metrics().get(metric), (double) fromFile.metrics().get(metric), 1e-9, metric);
        }
        assertEquals(1, fromFile.metrics().get("observedRound"));
    }

    @Test
    void gradientMatchingRefusesAFedAvgUpdate() throws Exception {
        for (String method : new String[] {"dlg", "idlg"}) {
            RunReport report = Runs.run("{\"method\":\"" + method + "\",\"data\":{\"source\":\"bundled:photos\"},"
                    + "\"client\":{\"protocol\":\"fedavg\",\"localSteps\":3}}");
            assertEquals("failed", report.status());
            assertTrue(report.reason().startsWith(method + " matches a gradient")
                    && report.reason().contains("after 3 local steps")
                    && report.reason().contains("use inverting-gradients for FedAvg updates"), report.reason());
        }
    }

    @Test
    void aMissingObservationFolderNamesTheField() throws Exception {
        RunReport report = Runs.run("{\"method\":\"dlg\",\"client\":{\"observation\":\""
                + dir.resolve("nowhere").toString().replace("\\", "\\\\") + "\"}}");
        assertEquals("failed", report.status());
        assertTrue(report.reason().contains("client.observation") && report.reason().contains("observation.json: missing"),
                report.reason());
    }
}
