package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Future;
import java.util.stream.Stream;
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
 * 140 DLG runs, each cancelled at a random moment while it writes its run folder: every folder
 * must end complete and readable (no partial files, a report that says how the run ended), and native
 * memory must not grow from run to run.
 */
class CancelAtRandomPointsTest {

    private static final int RUNS = 140;
    /** Allocator arenas settle within the first few dozen runs. */
    private static final int WARM_UP = 40;

    @TempDir
    Path tmp;

    @Test
    void cancelledRunsLeaveCompleteFoldersAndNoLeak() throws Exception {
        SplittableRandom random = new SplittableRandom(11);
        long rssWarm = 0;
        int cancelled = 0;
        for (int i = 0; i < RUNS; i++) {
            Spec spec = Spec.parse(Runs.photoSpec("dlg", i % 12, i, "\"iterations\": 6"));
            ResolvedSpec resolved = Runs.REGISTRY.resolve(spec);
            Path folder = tmp.resolve("run" + i);
            Job job = new Job(Runs.REGISTRY.find("dlg").orElseThrow(), resolved, 1, "cpu");
            RunReport report;
            try (RunStore store = RunStore.create(folder, spec, resolved)) {
                job.addSink(store);
                Future<RunReport> running = ComputeThread.submit(job::execute);
                Thread.sleep(random.nextInt(40));
                job.control().cancel();
                report = running.get();
            }
            if (report.status().equals("cancelled")) {
                cancelled++;
            } else {
                assertTrue(List.of("done", "failed").contains(report.status()), report.status());
            }
            Map<String, Object> stored = RunStore.readReport(folder);
            assertEquals(report.status(), stored.get("status"), "run " + i);
            try (Stream<Path> files = Files.list(folder)) {
                List<String> names = files.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().noneMatch(n -> n.startsWith(".tmp") || n.endsWith(".partial")), names.toString());
            }
            if (i == WARM_UP) {
                rssWarm = ResidentMemory.bytes();
            }
        }
        long growthMb = (ResidentMemory.bytes() - rssWarm) >> 20;
        assertTrue(cancelled > RUNS / 2, "only " + cancelled + " of " + RUNS + " runs were cancelled before they ended");
        // one leaked model (about 0.4 MB here) or one upload buffer per run would add 40 MB over 100 runs
        assertTrue(growthMb < 12, "resident memory grew by " + growthMb + " MB over " + (RUNS - WARM_UP) + " runs");
    }
}
