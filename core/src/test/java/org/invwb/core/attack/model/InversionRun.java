package org.invwb.core.attack.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Progress;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;

/** Runs a spec as a job would and keeps its report and progress. */
record InversionRun(RunReport report, List<Progress> progress) {

    static InversionRun of(String specJson) throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        ResolvedSpec spec = registry.resolve(Spec.parse(specJson));
        Job job = new Job(registry.find(spec.method()).orElseThrow(), spec, 0, "cpu");
        List<Progress> progress = new ArrayList<>();
        job.addSink(event -> {
            if (event instanceof Progress p) {
                progress.add(p);
            }
        });
        RunReport report = ComputeThread.call(job::execute);
        return new InversionRun(report, progress);
    }

    Map<String, Object> metrics() {
        return report.metrics();
    }

    double metric(String name) {
        return ((Number) report.metrics().get(name)).doubleValue();
    }
}
