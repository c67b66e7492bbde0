package org.invwb.core.attack.backdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                + String.format(BackdoorRun.CONVNET_MNIST, weights) + ", \"parameters\": {\"steps\": 1,"
                + " \"pixelRange\": \"" + range + "\"}}";
    }

    @Test
    void aShippedModelPlantedIn01IsNotInvertedIn0255() throws Exception {
        BackdoorRun run = BackdoorRun.of(spec("bundled:convnet-badnets-mnist", "0-255"));
        assertEquals(RunReport.FAILED, run.report().status());
        String reason = run.report().reason();
        assertTrue(reason.contains("parameters.pixelRange") && reason.contains("trained on pixels in 0-1"), reason);
        assertEquals(0, run.progress().size(), "refused before the first step");
    }

    /** Weights without a record: the clean accuracy at each range tells which one the model was trained on. */
    @Test
    void weightsFromElsewhereAreCheckedByTheirCleanAccuracyAtEachRange() throws Exception {
        Network network = NetworkZoo.create("convnet", 1, 28, 10, 4);
        Path file = dir.resolve("suspect.safetensors");
        SafetensorsFile.save(file, WeightSources.load("bundled:convnet-badnets-mnist", network));
        BackdoorRun run = BackdoorRun.of(spec(file.toString(), "0-255"));
        assertEquals(RunReport.FAILED, run.report().status());
        assertTrue(run.report().reason().contains("parameters.pixelRange")
                && run.report().reason().contains("clean accuracy"), run.report().reason());
        BackdoorRun right = BackdoorRun.of(spec(file.toString(), "0-1"));
        assertEquals(RunReport.DONE, right.report().status(), right.report().reason());
    }
}
