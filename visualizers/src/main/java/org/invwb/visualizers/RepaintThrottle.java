package org.invwb.visualizers;

/**
 * Decides when batched changes are drawn: at most once per interval, and only when something changed,
 * so that a run emitting hundreds of points a second costs the screen ~20 repaints a second.
 */
public final class RepaintThrottle {

    /** 20 repaints a second. */
    public static final long DEFAULT_INTERVAL_NANOS = 50_000_000L;

    private final long intervalNanos;
    private boolean dirty;
    private boolean everDrawn;
    private long drawnAt;

    public RepaintThrottle(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Something changed and should be drawn. */
    public void markDirty() {
        dirty = true;
    }

    public boolean isDirty() {
        return dirty;
    }

    /** Whether to draw now; when it says yes, it counts the draw as done. */
    public boolean shouldDraw(long nowNanos) {
        if (!dirty) {
            return false;
        }
        if (everDrawn && nowNanos - drawnAt < intervalNanos) {
            return false;
        }
        dirty = false;
        everDrawn = true;
        drawnAt = nowNanos;
        return true;
    }
}
