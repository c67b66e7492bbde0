package org.invwb.core.run;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.invwb.core.data.FloatImage;

/**
 * The surroundings of a method's iterations, written once for every method: pause, step and cancel
 * between iterations, a {@link Progress} per iteration, a {@link Snapshot} at the consumers' cadence, the
 * count of iterations done, the seconds since the loop began, and the partial outcome that a cancelled or
 * failed run ends with. A method keeps its objective and its step; it hands the step to {@link #run}, or,
 * where iterations come back through a callback (a sampler, a nested search), calls {@link #checkpoint()}
 * before and {@link #completed} after each one.
 */
public final class IterationDriver {

    /** What a run has reached after {@code iterations} iterations; {@code note} says why it ends there. */
    @FunctionalInterface
    public interface Partial {
        RunOutcome at(int iterations, String note);
    }

    /** One iteration, numbered from 1 across the whole run. */
    @FunctionalInterface
    public interface Step {
        Report run(int iteration) throws Exception;
    }

    /**
     * What one iteration reports: its scalars, its images when a snapshot is due (asked for only then), and,
     * when it ends the loop early, why (null otherwise).
     */
    public record Report(Map<String, Double> scalars, Supplier<List<FloatImage>> snapshot, String stop) {

        public static Report of(Map<String, Double> scalars) {
            return new Report(scalars, null, null);
        }

        public Report withSnapshot(Supplier<List<FloatImage>> images) {
            return new Report(scalars, images, stop);
        }

        /** This iteration ends the loop, for the reason {@code why} (e.g. "converged at iteration 40"). */
        public Report andStop(String why) {
            return new Report(scalars, snapshot, why);
        }
    }

    private final RunContext ctx;
    private final Partial partial;
    private final String unit;
    private final long start = System.nanoTime();
    private int done;
    private String where;
    private boolean everyIteration;

    IterationDriver(RunContext ctx, String unit, Partial partial) {
        this.ctx = ctx;
        this.unit = unit;
        this.partial = partial;
    }

    /**
     * Runs {@code step} for the iterations after those done, up to {@code count} more, each after a
     * checkpoint, reporting each; stops early when a step says why it is the last. Returns that reason,
     * or null when all {@code count} ran.
     */
    public String run(int count, Step step) throws Exception {
        for (int i = 0; i < count; i++) {
            checkpoint();
            Report report = step.run(done + 1);
            completed(report.scalars(), report.snapshot());
            if (report.stop() != null) {
                return report.stop();
            }
        }
        return null;
    }

    /**
     * Between iterations: returns at once while running, waits while paused, and on cancel throws with
     * the partial outcome ("cancelled after 12 iterations", plus where, when the method said).
     */
    public void checkpoint() throws CancelledException {
        try {
            ctx.control().checkpoint();
        } catch (CancelledException e) {
            String note = "cancelled after " + done + " " + unit + (where == null ? "" : ", " + where);
            throw new CancelledException(partial.at(done, note));
        }
    }

    /**
     * Snapshots every iteration whenever snapshots are wanted at all, for methods whose every iteration is a
     * state worth seeing (a diffusion trajectory's timesteps); returns this driver.
     */
    public IterationDriver snapshotEveryIteration() {
        everyIteration = true;
        return this;
    }

    /** Iteration {@code done + 1} is over: its progress, and its snapshot when one is due (images made only then). */
    public void completed(Map<String, Double> scalars, Supplier<List<FloatImage>> snapshot) {
        done++;
        ctx.events().accept(new Progress(done, scalars));
        if (snapshot != null && due(done)) {
            ctx.events().accept(new Snapshot(done, snapshot.get()));
        }
    }

    private boolean due(int iteration) {
        return everyIteration ? ctx.snapshotEvery() > 0 : ctx.wantsSnapshot(iteration);
    }

    /** Iteration {@code done + 1} is over, reporting scalars only. */
    public void completed(Map<String, Double> scalars) {
        completed(scalars, null);
    }

    /** Whether the iteration under way (number {@code done + 1}) will be snapshot, so its images can be made once. */
    public boolean snapshotDue() {
        return due(done + 1);
    }

    /** Iterations completed so far. */
    public int done() {
        return done;
    }

    /** Where the run is, added to a cancellation's note (e.g. "while searching class 3"); null for nothing. */
    public void where(String where) {
        this.where = where;
    }

    /** The run's end for {@code reason} (a NaN, a divergence), carrying what its completed iterations reached. */
    public RunFailure failure(String reason) {
        return new RunFailure(reason, partial.at(done, reason));
    }

    /** The value of live parameter {@code section.name} for the iteration under way (see {@link RunContext#liveDouble}). */
    public double live(String section, String name, double current) {
        return ctx.liveDouble(section, name, current, done + 1);
    }

    /** Seconds since this driver was made, to the hundredth, as reports record them. */
    public double seconds() {
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }
}
