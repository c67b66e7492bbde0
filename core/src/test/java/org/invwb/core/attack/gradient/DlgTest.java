package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DLG in the paper's setting: images and soft labels optimised jointly from Gaussian noise. */
class DlgTest {

    @Test
    void reconstructsImageAndLabelOfAPhotograph() throws Exception {
        RunReport report = Runs.run(Runs.photoSpec("dlg", 0, 1, ""));
        assertEquals("done", report.status(), report.reason());
        assertTrue((double) report.metrics().get("psnr") >= 30, report.metrics().toString());
        assertEquals(1.0, (double) report.metrics().get("labelAccuracy"));
        assertTrue(report.converged());
    }

    /** As the paper reports, L-BFGS sometimes cannot leave a bad start; the run must say so at once. */
    @Test
    void aStalledRunEndsEarlyAndSaysItDidNotConverge() throws Exception {
        RunReport report = Runs.run(Runs.photoSpec("dlg", 3, 1, ""));
        assertEquals("done", report.status());
        assertFalse(report.converged());
        assertTrue(report.note().contains("stalled"), report.note());
        assertTrue(report.iterations() < 300, "ended after " + report.iterations() + " iterations");
        assertTrue((double) report.metrics().get("psnr") < 20);
    }

    @Test
    void sameSeedAndSpecGiveTheSameNumbers() throws Exception {
        String spec = Runs.photoSpec("dlg", 1, 5, "\"iterations\":4");
        List<Double> first = new CopyOnWriteArrayList<>();
        List<Double> second = new CopyOnWriteArrayList<>();
        RunReport a = Runs.run(spec, e -> record(e, first));
        RunReport b = Runs.run(spec, e -> record(e, second));
        assertEquals(first, second);
        ObjectMapper json = new ObjectMapper();
        assertEquals(json.writeValueAsString(a.metrics()), json.writeValueAsString(b.metrics()));
        assertEquals(4, first.size());
    }

    private static void record(org.invwb.core.run.RunEvent event, List<Double> into) {
        if (event instanceof Progress p) {
            into.add(p.scalars().get("gradientDistance"));
        }
    }

    @Test
    void aStoredRunHoldsEveryFileAndTheParametersUsed(@TempDir Path dir) throws Exception {
        Path folder = dir.resolve("run");
        RunReport report = Runs.runStored(Runs.photoSpec("dlg", 0, 1, "\"iterations\":3"), folder);
        assertEquals("done", report.status());
        JsonNode json = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
        assertEquals("dlg", json.get("method").asText());
        assertEquals(3, json.get("iterations").asInt());
        assertEquals(300 > 3, json.get("parameters").get("parameters").get("iterations").asInt() == 3);
        assertEquals(1.0, json.get("parameters").get("parameters").get("lr").asDouble());
        assertTrue(json.get("metrics").has("psnr") && json.get("metrics").has("ssim") && json.get("metrics").has("mse"));
        assertEquals(1, json.get("metrics").get("perImage").size());
        assertTrue(Files.exists(folder.resolve("final.png")));
        assertTrue(Files.exists(folder.resolve("spec.json")));
        assertEquals(3 + 3 + 1, Files.readAllLines(folder.resolve("events.jsonl")).size(),
                "three progress lines, three snapshots, one finish");
    }
}
