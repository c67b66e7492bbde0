package org.invwb.app.run;

import java.nio.file.Path;
import java.util.concurrent.Future;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamType;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;

/** A job wired to its run folder, ready to go on the compute thread. Add further sinks before starting it. */
public final class PreparedRun implements AutoCloseable {

    private final Spec spec;
    private final ResolvedSpec resolved;
    private final Job job;
    private final RunStore store;

    PreparedRun(Spec spec, ResolvedSpec resolved, Job job, RunStore store) {
        this.spec = spec;
        this.resolved = resolved;
        this.job = job;
        this.store = store;
    }

    public Spec spec() {
        return spec;
    }

    public ResolvedSpec resolved() {
        return resolved;
    }

    public Job job() {
        return job;
    }

    public RunStore store() {
        return store;
    }

    public Path runDir() {
        return store.runDir();
    }

    /** The iterations the run plans: its iterations, or its rounds for a federated round; 0 when it has neither. */
    public int plannedIterations() {
        return plannedIterations(resolved);
    }

    /**
     * The run's planned iterations: field "iterations" of section "parameters", or "rounds" of section
     * "federation" (one iteration per round), or 0 when there is neither.
     */
    public static int plannedIterations(ResolvedSpec spec) {
        int iterations = intField(spec, "parameters", "iterations");
        return iterations > 0 ? iterations : intField(spec, "federation", "rounds");
    }

    private static int intField(ResolvedSpec spec, String section, String field) {
        ParamValues values = spec.sections().get(section);
        if (values == null) {
            return 0;
        }
        ParamDecl decl = values.params().find(field);
        return decl != null && decl.type() == ParamType.INT ? values.getInt(field) : 0;
    }

    /** Queues the run on the compute thread, behind any run already there. */
    public Future<RunReport> submit() {
        return ComputeThread.submit(job::execute);
    }

    /** Runs it on the compute thread and waits for its report. */
    public RunReport runAndWait() throws Exception {
        return ComputeThread.call(job::execute);
    }

    /** Stops writing the folder (a run that ended has already closed it). */
    @Override
    public void close() {
        store.close();
    }
}
