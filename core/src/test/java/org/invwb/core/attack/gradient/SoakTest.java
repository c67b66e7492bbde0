package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.run.Job;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 short iDLG runs back to back through {@link Job} and {@link RunStore}, as a queue of runs from
 * the window or the command line would go: every run ends done with a complete folder, and resident
 * memory after run 200 is within a few MB of its value after run 50.
 */
class SoakTest {

    private static final int RUNS = 200;
    /** Allocator arenas and class loading settle within the first few dozen runs. */
    private static final int WARM_UP = 50;
    private static final long ALLOWED_GROWTH_MB = 6;

    @TempDir
    Path tmp;

    @Test
    void twoHundredRunsBackToBackKeepMemoryFlat() throws Exception {
        long rssWarm = 0;
        for (int i = 1; i <= RUNS; i++) {
            Spec spec = Spec.parse("{\"method\": \"idlg\", \"seed\": " + i + ", \"data\": {\"source\":"
                    + " \"bundled:photos\", \"index\": " + (i % 12) + "}, \"model\": {\"imageSize\": 16},"
                    + " \"parameters\": {\"iterations\": 2, \"lbfgsIterations\": 2}}");
            ResolvedSpec resolved = Runs.REGISTRY.resolve(spec);
            Path folder = tmp.resolve("run" + i);
            Job job = new Job(Runs.REGISTRY.find("idlg").orElseThrow(), resolved, 1, "cpu");
            RunReport report;
            try (RunStore store = RunStore.create(folder, spec, resolved)) {
                job.addSink(store);
                report = ComputeThread.submit(job::execute).get();
                assertTrue(store.writeError().isEmpty(), "run " + i + ": " + store.writeError());
            }
            assertEquals("done", report.status(), "run " + i + ": " + report.reason());
            assertEquals("done", RunStore.readReport(folder).get("status"), "run " + i);
            assertTrue(Files.exists(folder.resolve(RunStore.FINAL_FILE)), "run " + i);
            if (i == WARM_UP) {
                System.gc(); // so that heap growth is not read as a leak: the heap is committed, not native
                rssWarm = ResidentMemory.bytes();
            }
        }
        System.gc();
        long growthKb = (ResidentMemory.bytes() - rssWarm) >> 10;
        System.out.println("soak: resident memory grew by " + growthKb + " kB from run " + WARM_UP + " to run " + RUNS);
        // one leaked model (about 0.1 MB at 16×16) or one upload buffer per run would add 15 MB over 150 runs
        assertTrue(growthKb < ALLOWED_GROWTH_MB * 1024, "resident memory grew by " + growthKb + " kB over "
                + (RUNS - WARM_UP) + " runs");
    }
}
