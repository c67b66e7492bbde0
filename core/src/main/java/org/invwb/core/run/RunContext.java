package org.invwb.core.run;

/**
 * Everything a method gets from its job: the resolved values, where to send events, the pause/cancel
 * control, how often the consumers want a snapshot (0 = never) and the device it runs on.
 */
public record RunContext(ResolvedSpec spec, EventSink events, RunControl control, int snapshotEvery, String device) {

    public ParamValues section(String name) {
        return spec.section(name);
    }

    /** Whether to emit a {@link Snapshot} after {@code iteration}, so every method keeps the same cadence. */
    public boolean wantsSnapshot(int iteration) {
        return snapshotEvery > 0 && iteration % snapshotEvery == 0;
    }
}
