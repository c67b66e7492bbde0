package org.invwb.core.attack.gradient;

import java.nio.file.Path;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.EventSink;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;

/** Runs a spec through the registry and a job on the compute thread, as the command line does. */
final class Runs {

    static final MethodRegistry REGISTRY = MethodRegistry.standard();

    private Runs() {
    }

    static RunReport run(String specJson, EventSink... sinks) throws Exception {
        return run(Spec.parse(specJson), null, sinks);
    }

    static RunReport runStored(String specJson, Path folder) throws Exception {
        Spec spec = Spec.parse(specJson);
        ResolvedSpec resolved = REGISTRY.resolve(spec);
        try (RunStore store = RunStore.create(folder, spec, resolved)) {
            return run(spec, resolved, store);
        }
    }

    private static RunReport run(Spec spec, ResolvedSpec resolved, EventSink... sinks) throws Exception {
        ResolvedSpec r = resolved == null ? REGISTRY.resolve(spec) : resolved;
        Job job = new Job(REGISTRY.find(r.method()).orElseThrow(), r, 1, "cpu");
        for (EventSink sink : sinks) {
            job.addSink(sink);
        }
        return ComputeThread.call(job::execute);
    }

    /** A spec for a bundled photograph. */
    static String photoSpec(String method, int index, long seed, String parameters) {
        return "{\"method\":\"" + method + "\",\"seed\":" + seed + ",\"data\":{\"source\":\"bundled:photos\",\"index\":"
                + index + "},\"parameters\":{" + parameters + "}}";
    }
}
