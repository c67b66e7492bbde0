package org.invwb.core.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.Artifact;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Progress;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunEvent;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;

/** Runs a training spec as a job would and keeps what it emitted: progress, the report, the weights written. */
record TrainingRun(RunReport report, List<Progress> progress, StateDict weights) {

    static TrainingRun of(String specJson) throws Exception {
        return of(specJson, (job, event) -> { });
    }

    /** {@code watch} sees every event with the job, e.g. to cancel it. */
    static TrainingRun of(String specJson, BiConsumer<Job, RunEvent> watch) throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        ResolvedSpec spec = registry.resolve(Spec.parse(specJson));
        Job job = new Job(registry.find(spec.method()).orElseThrow(), spec, 0, "cpu");
        List<Progress> progress = new ArrayList<>();
        StateDict[] weights = new StateDict[1];
        job.addSink(event -> {
            if (event instanceof Progress p) {
                progress.add(p);
            } else if (event instanceof Artifact a && a.fileName().equals("weights.safetensors")) {
                try {
                    Path file = Files.createTempFile("trained-", ".safetensors");
                    a.writer().write(file);
                    weights[0] = SafetensorsFile.read(file);
                    Files.delete(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            watch.accept(job, event);
        });
        RunReport report = ComputeThread.call(job::execute);
        return new TrainingRun(report, progress, weights[0]);
    }

    double metric(String name) {
        return ((Number) report.metrics().get(name)).doubleValue();
    }
}
