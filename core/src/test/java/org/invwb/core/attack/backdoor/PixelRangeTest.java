package org.invwb.core.attack.backdoor;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Planting and inverting must see pixels in the same range; a mismatch is refused before any search. */
class PixelRangeTest {

    @TempDir
    Path dir;

    private static String spec(String weights, String range) {
        return "{\"method\": \"neural-cleanse\", \"data\": {\"count\": 64}, "
                + String.format(BackdoorModels.CONVNET_MNIST, weights) + ", \"parameters\": {\"steps\": 1, \"miniBatches\": 2,"
                + " \"pixelRange\": \"" + range + "\"}}";
    }

    @Test
    void aShippedModelPlantedIn01IsNotInvertedIn0255() throws Exception {
        RecordedRun run = RecordedRun.of(spec("bundled:convnet-badnets-mnist", "0-255"));
        assertEquals(RunReport.FAILED, run.report().status());
        String reason = run.report().reason();
        assertTrue(reason.contains("parameters.pixelRange") && reason.contains("trained on pixels in 0-1"), reason);
        assertEquals(0, run.progress().size(), "refused before the first step");
    }

    /** A training run's folder: its spec.json names the workbench's training method, which sees [0, 1]. */
    @Test
    void aTrainingRunFolderIsCheckedByItsSpec() throws Exception {
        Network network = NetworkZoo.create("convnet", 1, 28, 10, 4);
        Path run = Files.createDirectories(dir.resolve("run"));
        SafetensorsFile.save(run.resolve("weights.safetensors"), ComputeThread.call(
                () -> WeightSources.load("bundled:convnet-badnets-mnist", network)));
        Files.writeString(run.resolve("spec.json"), "{\"method\": \"train-backdoored\", \"seed\": 0}");
        RecordedRun refused = RecordedRun.of(spec(run.toString(), "0-255"));
        assertEquals(RunReport.FAILED, refused.report().status());
        assertTrue(refused.report().reason().contains("parameters.pixelRange"), refused.report().reason());
        RecordedRun right = RecordedRun.of(spec(run.toString(), "0-1"));
        assertEquals(RunReport.DONE, right.report().status(), right.report().reason());
    }
}
