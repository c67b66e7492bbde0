package org.invwb.core.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one method on one resolved spec. {@link #execute()} runs it on the calling thread (the
 * compute thread), sends its events to the sinks and ends with exactly one {@link Finished} (status
 * done or cancelled) or {@link Failed}. Whatever the method throws becomes the report's reason.
 */
public final class Job {

    private static final Logger LOG = LoggerFactory.getLogger(Job.class);
    private static final int REASON_MAX = 500;

    private final MethodDescriptor method;
    private final ResolvedSpec spec;
    private final int snapshotEvery;
    private final String device;
    private final RunControl control = new RunControl();
    private final EventFanOut sinks = new EventFanOut();
    private final List<Consumer<JobState>> stateListeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile JobState state = JobState.QUEUED;

    public Job(MethodDescriptor method, ResolvedSpec spec, int snapshotEvery, String device) {
        if (!method.name().equals(spec.method())) {
            throw new IllegalArgumentException("spec is for " + spec.method() + ", not " + method.name());
        }
        this.method = method;
        this.spec = spec;
        this.snapshotEvery = snapshotEvery;
        this.device = device;
        control.onParkChange(parked -> setState(parked ? JobState.PAUSED : JobState.RUNNING));
    }

    public void addSink(EventSink sink) {
        sinks.add(Objects.requireNonNull(sink));
    }

    /** Told every state change, on the thread that causes it (usually the compute thread). */
    public void addStateListener(Consumer<JobState> listener) {
        stateListeners.add(Objects.requireNonNull(listener));
    }

    public RunControl control() {
        return control;
    }

    /**
     * Asks the running method to use {@code value} for {@code section.name} from its next iteration on.
     *
     * @throws SpecException the parameter is not declared live, or the value is not valid for it
     */
    public void changeLive(String section, String name, Object value) throws SpecException {
        String path = section + "." + name;
        ParamValues values = spec.sections().get(section);
        ParamDecl decl = values == null ? null : values.params().find(name);
        if (decl == null || !decl.liveTunable()) {
            throw new SpecException(path, "cannot be changed while the run goes");
        }
        control.live().request(section, name, decl.parse(Json.tree(value), path));
    }

    public JobState state() {
        return state;
    }

    public MethodDescriptor method() {
        return method;
    }

    public ResolvedSpec spec() {
        return spec;
    }

    /** Runs the method here and now; never throws for anything the method does. A job runs once. */
    public RunReport execute() {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("job " + method.name() + " has already been executed");
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        setState(JobState.RUNNING);
        Ending end = runMethod();
        double seconds = (System.nanoTime() - start) / 1e9;
        RunReport report = report(end, seconds, startedAt);
        if (end.state == JobState.FAILED) {
            sinks.accept(new Failed(end.reason, report));
        } else {
            RunOutcome out = end.outcome;
            sinks.accept(new Finished(report, out == null ? null : out.groundTruth(),
                    out == null ? null : out.reconstruction()));
        }
        // Last, so that whoever waits for a final state finds the sinks (e.g. the run folder) complete.
        setState(end.state);
        return report;
    }

    private Ending runMethod() {
        RunContext ctx = new RunContext(spec, sinks, control, snapshotEvery, device);
        try {
            if (control.isCancelled()) { // cancelled while queued: do not start at all
                throw new CancelledException();
            }
            RunOutcome outcome = method.factory().get().run(ctx);
            if (outcome == null) {
                return new Ending(JobState.FAILED, null, method.name() + " returned no outcome");
            }
            return new Ending(JobState.DONE, outcome, null);
        } catch (CancelledException e) {
            return new Ending(JobState.CANCELLED, e.partial().orElse(null), e.getMessage());
        } catch (RunFailure e) {
            return new Ending(JobState.FAILED, e.partial().orElse(null), oneLine(e.getMessage(), "failed"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending(JobState.CANCELLED, null, "cancelled (interrupted)");
        } catch (Throwable t) { // anything else, errors from native code included, ends the run, not the thread
            LOG.error("{} failed", method.name(), t);
            return new Ending(JobState.FAILED, null, reason(t));
        }
    }

    private RunReport report(Ending end, double seconds, Instant startedAt) {
        RunOutcome out = end.outcome;
        String status = end.state == JobState.DONE ? RunReport.DONE
                : end.state == JobState.CANCELLED ? RunReport.CANCELLED : RunReport.FAILED;
        Map<String, Object> metrics = new LinkedHashMap<>(out == null ? Map.of() : out.metrics());
        List<LiveChange> changes = control.live().applied();
        if (!changes.isEmpty()) {
            // The spec holds the values the run started with; these say what changed, and when.
            metrics.put("liveChanges", changes.stream().map(LiveChange::describe).toList());
        }
        return new RunReport(status, method.name(), spec.seed(), device,
                out == null ? 0 : out.iterations(), seconds, spec.asMap(), metrics, out != null && out.converged(),
                out == null ? null : out.note(), end.reason, startedAt.toString(), RunReport.currentVersions());
    }

    private void setState(JobState next) {
        state = next;
        for (Consumer<JobState> listener : stateListeners) {
            try {
                listener.accept(next);
            } catch (RuntimeException e) {
                LOG.warn("job state listener failed", e);
            }
        }
    }

    /** "IllegalStateException: message" plus the root cause, first lines only: native errors carry traces. */
    private static String reason(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = named(t);
        return root == t ? reason : reason + " (cause: " + named(root) + ")";
    }

    private static String named(Throwable t) {
        String name = t.getClass().getSimpleName();
        return t.getMessage() == null ? name : name + ": " + oneLine(t.getMessage(), "");
    }

    private static String oneLine(String message, String fallback) {
        if (message == null || message.isBlank()) {
            return fallback;
        }
        String line = message.strip().lines().findFirst().orElse(fallback);
        return line.length() <= REASON_MAX ? line : line.substring(0, REASON_MAX) + "...";
    }

    private record Ending(JobState state, RunOutcome outcome, String reason) {
    }
}
