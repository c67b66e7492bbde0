package org.invwb.core.run;

/**
 * Everything a method gets from its job: the resolved values, where to send events, the pause/cancel
 * control, how often the consumers want a snapshot (0 = never) and the device it runs on.
 */
public record RunContext(ResolvedSpec spec, EventSink events, RunControl control, int snapshotEvery, String device) {

    public ParamValues section(String name) {
        return spec.section(name);
    }

    /**
     * The value of live parameter {@code section.name} for {@code iteration}: {@code current}, unless a
     * change was asked for since the last call, which then takes effect here, is logged ("lr 1 → 0.5
     * from iteration 38") and recorded for the report. Call it between iterations.
     */
    public double liveDouble(String section, String name, double current, int iteration) {
        Object asked = control.live().take(section, name);
        if (!(asked instanceof Number n) || n.doubleValue() == current) {
            return current;
        }
        LiveChange change = new LiveChange(section, name, current, n.doubleValue(), iteration);
        control.live().record(change);
        events.accept(new Log(Log.Level.INFO, change.describe()));
        return n.doubleValue();
    }

    /**
     * The driver of this run's iterations, counted in {@code unit} in its notes ("iterations", "steps",
     * "rounds"); {@code partial} gives what the run has reached when it is cancelled or fails.
     */
    public IterationDriver driver(String unit, IterationDriver.Partial partial) {
        return new IterationDriver(this, unit, partial);
    }

    /** The driver of a run counted in iterations. */
    public IterationDriver driver(IterationDriver.Partial partial) {
        return driver("iterations", partial);
    }

    /** Whether to emit a {@link Snapshot} after {@code iteration}, so every method keeps the same cadence. */
    public boolean wantsSnapshot(int iteration) {
        return snapshotEvery > 0 && iteration % snapshotEvery == 0;
    }
}
