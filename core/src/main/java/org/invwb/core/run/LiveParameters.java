package org.invwb.core.run;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Changes to a run's live parameters ({@link ParamDecl#live()}) asked for while it goes, and those it
 * has applied. The window asks from its thread; the method takes a change between iterations through
 * {@link RunContext#liveDouble}, so a change reaches the next iteration. A newer request for the same
 * parameter replaces one not yet taken.
 */
public final class LiveParameters {

    private final Map<String, Object> pending = new ConcurrentHashMap<>();
    private final List<LiveChange> applied = new CopyOnWriteArrayList<>();

    /** Asks for {@code section.name} to become {@code value} (already checked, see {@link Job#changeLive}). */
    void request(String section, String name, Object value) {
        pending.put(section + "." + name, value);
    }

    /** The value asked for since the last call, or null. */
    Object take(String section, String name) {
        return pending.remove(section + "." + name);
    }

    void record(LiveChange change) {
        applied.add(change);
    }

    /** Every change the run has applied, in order; safe to read from any thread while it goes. */
    public List<LiveChange> applied() {
        return List.copyOf(applied);
    }
}
