package org.invwb.app.run;

import java.util.ArrayDeque;

/** Iterations per second over the last few seconds, so the figure follows a run that speeds up or slows down. */
public final class IterationRate {

    private static final int MAX_SAMPLES = 1000;

    private final long windowNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, iteration}

    public IterationRate(long windowNanos) {
        this.windowNanos = windowNanos;
    }

    public void add(long nanos, int iteration) {
        samples.addLast(new long[] {nanos, iteration});
        // Two samples are kept whatever their age: a slow run still has a rate.
        while (samples.size() > 2 && (nanos - samples.peekFirst()[0] > windowNanos || samples.size() > MAX_SAMPLES)) {
            samples.pollFirst();
        }
    }

    /** NaN until two samples some time apart are known. */
    public double perSecond() {
        if (samples.size() < 2) {
            return Double.NaN;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long nanos = last[0] - first[0];
        return nanos <= 0 ? Double.NaN : (last[1] - first[1]) * 1e9 / nanos;
    }
}
