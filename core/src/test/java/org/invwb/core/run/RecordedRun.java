package org.invwb.core.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;

/** A spec run as a job runs it, with its report and the progress and snapshots it sent. */
public record RecordedRun(RunReport report, List<Progress> progress, List<Snapshot> snapshots) {

    /** Runs {@code specJson} without snapshots. */
    public static RecordedRun of(String specJson) throws Exception {
        return run(specJson, 0);
    }

    /** Runs {@code specJson} with a snapshot every iteration. */
    public static RecordedRun withSnapshots(String specJson) throws Exception {
        return run(specJson, 1);
    }

    private static RecordedRun run(String specJson, int snapshotEvery) throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        ResolvedSpec spec = registry.resolve(Spec.parse(specJson));
        Job job = new Job(registry.find(spec.method()).orElseThrow(), spec, snapshotEvery, "cpu");
        List<Progress> progress = new ArrayList<>();
        List<Snapshot> snapshots = new ArrayList<>();
        job.addSink(event -> {
            if (event instanceof Progress p) {
                progress.add(p);
            } else if (event instanceof Snapshot s) {
                snapshots.add(s);
            }
        });
        RunReport report = ComputeThread.call(job::execute);
        return new RecordedRun(report, progress, snapshots);
    }

    public Map<String, Object> metrics() {
        return report.metrics();
    }

    public double metric(String name) {
        return ((Number) report.metrics().get(name)).doubleValue();
    }
}
