package org.invwb.visualizers;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a frame on the window's thread when asked, at most once per interval: a run's events ask for one
 * as they arrive, so the window does work only while something new has come, and never more than
 * ~20 times a second. A timer that ticks regardless (an {@code AnimationTimer}, a running
 * {@code Animation}) would keep JavaFX pulsing 60 times a second for as long as a run goes, which a
 * run pays for in CPU taken from it.
 */
public final class FramePacer {

    /** 20 frames a second. */
    public static final long DEFAULT_INTERVAL_NANOS = 50_000_000L;

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "invwb-frames");
        t.setDaemon(true);
        return t;
    });

    private final Executor ui;
    private final Runnable frame;
    private final long intervalNanos;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile long lastFrame = System.nanoTime() - Long.MAX_VALUE / 2;

    public FramePacer(Executor ui, Runnable frame, long intervalNanos) {
        this.ui = ui;
        this.frame = frame;
        this.intervalNanos = intervalNanos;
    }

    /** Asks for a frame; from any thread, in constant time. Asks made before it runs are one frame. */
    public void request() {
        if (!requested.compareAndSet(false, true)) {
            return;
        }
        long wait = lastFrame + intervalNanos - System.nanoTime();
        if (wait <= 0) {
            // Straight to the window's queue: asked from within another frame, it runs right after that
            // one, and the window draws both in one pulse.
            ui.execute(this::run);
        } else {
            TIMER.schedule(() -> ui.execute(this::run), wait, TimeUnit.NANOSECONDS);
        }
    }

    private void run() {
        // Cleared first: whatever arrives while the frame runs asks for the next one.
        requested.set(false);
        lastFrame = System.nanoTime();
        frame.run();
    }
}
