package org.invwb.core.attack.diffusion;

import java.util.ArrayList;
import java.util.List;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Progress;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Snapshot;
import org.invwb.core.run.Spec;

/** Runs an inversion spec as a job would and keeps its progress, snapshots and report. */
record InversionRun(RunReport report, List<Progress> progress, List<Snapshot> snapshots) {

    static InversionRun of(String specJson) throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        ResolvedSpec spec = registry.resolve(Spec.parse(specJson));
        Job job = new Job(registry.find(spec.method()).orElseThrow(), spec, 1, "cpu");
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
        return new InversionRun(report, progress, snapshots);
    }

    /** The spec of {@code method} on bundled MNIST test image {@code index} with {@code parameters} (JSON members). */
    static String spec(String method, int index, String parameters) {
        return "{\"method\": \"" + method + "\", \"data\": {\"index\": " + index + "}, \"parameters\": {"
                + parameters + "}}";
    }

    double metric(String name) {
        return ((Number) report.metrics().get(name)).doubleValue();
    }
}
