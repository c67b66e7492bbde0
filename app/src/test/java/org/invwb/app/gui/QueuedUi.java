package org.invwb.app.gui;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stands in for the window's thread in view-model tests: work posted to it waits until the test
 * thread runs it, so view models only ever change on the test's own thread, as they would on the FX thread.
 */
final class QueuedUi implements Executor {

    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable command) {
        work.add(command);
    }

    /** Runs what has been posted, and whatever that posts, until the queue is empty. */
    void runPending() {
        for (Runnable r; (r = work.poll()) != null; ) {
            r.run();
        }
    }

    /** Runs posted work as it comes until {@code done} holds; fails after {@code seconds}. */
    void runUntil(BooleanSupplier done, double seconds, String what) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        runPending();
        while (!done.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Runnable r = work.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)), TimeUnit.NANOSECONDS);
            if (r != null) {
                r.run();
            }
            runPending();
        }
    }
}
