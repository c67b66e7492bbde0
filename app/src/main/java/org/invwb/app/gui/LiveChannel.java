package org.invwb.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.invwb.core.run.EventSink;
import org.invwb.core.run.Failed;
import org.invwb.core.run.Finished;
import org.invwb.core.run.Log;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunEvent;
import org.invwb.core.run.Snapshot;

/**
 * Carries a run's events from the compute thread to the window without ever making the run wait: the
 * newest snapshot replaces the one before it (the screen only needs the latest), every progress point
 * and message is queued (curves must have no holes), and the last event is kept. Each arrival may ask
 * the window for a frame, in which it drains the channel.
 */
public final class LiveChannel implements EventSink {

    private final AtomicReference<Snapshot> latest = new AtomicReference<>();
    private final ConcurrentLinkedQueue<Progress> progress = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Log> logs = new ConcurrentLinkedQueue<>();
    private final AtomicReference<RunEvent> ending = new AtomicReference<>();
    private volatile Runnable onArrival = () -> { };

    /** Told (on the compute thread, so it must be quick) after each event has been taken in. */
    public void setOnArrival(Runnable listener) {
        onArrival = listener;
    }

    /** Called on the compute thread: constant time, no locks held by the window. */
    @Override
    public void accept(RunEvent event) {
        if (event instanceof Progress p) {
            progress.add(p);
        } else if (event instanceof Snapshot s) {
            latest.set(s);
        } else if (event instanceof Log l) {
            logs.add(l);
        } else if (event instanceof Finished || event instanceof Failed) {
            ending.set(event);
        }
        onArrival.run();
    }

    /** The snapshot that arrived since the last call, or null. */
    public Snapshot takeSnapshot() {
        return latest.getAndSet(null);
    }

    /** Every progress point that arrived since the last call, in order. */
    public List<Progress> drainProgress() {
        List<Progress> out = new ArrayList<>();
        for (Progress p; (p = progress.poll()) != null; ) {
            out.add(p);
        }
        return out;
    }

    public List<Log> drainLogs() {
        List<Log> out = new ArrayList<>();
        for (Log l; (l = logs.poll()) != null; ) {
            out.add(l);
        }
        return out;
    }

    /** The run's last event ({@link Finished} or {@link Failed}) once it has arrived, else null. */
    public RunEvent ending() {
        return ending.get();
    }
}
