package org.invwb.app.run;

import java.nio.file.Path;
import java.util.concurrent.Future;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
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

    /** The iterations the run emits when it runs to the end, as its method counts them; 0 when unknown. */
    public int plannedIterations() {
        return job.method().plannedIterations(resolved);
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
