package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

    @TempDir
    Path dir;

    @Test
    void combinationsAreTheCartesianProductInOrder() throws Exception {
        List<Map<String, String>> c = SweepAxes.combinations(List.of("data.index=0..2", "seed=5,7"));
        assertEquals(6, c.size());
        assertEquals(Map.of("data.index", "0", "seed", "5"), c.get(0));
        assertEquals(Map.of("data.index", "2", "seed", "7"), c.get(5));
        assertEquals("data.index-2_seed-7", SweepAxes.folderName(c.get(5)));
    }

    @Test
    void badAxesAreRefusedWithTheirText() {
        BadInputException e = assertThrows(BadInputException.class, () -> SweepAxes.combinations(List.of("data.index=5..2")));
        assertTrue(e.getMessage().contains("data.index=5..2"), e.getMessage());
        assertThrows(BadInputException.class, () -> SweepAxes.combinations(List.of("noequals")));
        assertThrows(BadInputException.class, () -> SweepAxes.combinations(List.of("seed=a..b")));
    }

    @Test
    void runsEveryCombinationIntoItsOwnFolderAndWritesTheTable() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"),
                "{\"method\": \"idlg\", \"seed\": 0, \"data\": {\"source\": \"bundled:photos\"}}");
        Path out = dir.resolve("sweep");
        Cli.Result r = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--vary", "data.index=0..1",
                "--iterations", "2");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        for (String run : List.of("data.index-0", "data.index-1")) {
            assertTrue(Files.isRegularFile(out.resolve(run).resolve("report.json")), run);
        }
        List<String> csv = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals("data.index,status,converged,iterations,seconds,psnr,ssim,labelAccuracy", csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(1).startsWith("0,done,"), csv.get(1));
        assertTrue(r.out().contains("runs          2 (2 done)"), r.out());
    }

    @Test
    void anInvalidCombinationStopsTheSweepBeforeAnyRun() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), "{\"method\": \"idlg\"}");
        Path out = dir.resolve("sweep");
        Cli.Result r = Cli.run("sweep", spec.toString(), "--out", out.toString(), "--vary", "parameters.lr=0.5,-1");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("parameters.lr"), r.err());
        assertFalse(Files.exists(out), "nothing ran");
    }
}
