package org.invwb.core.run;

import java.util.function.Consumer;

/**
 * Pause, step, resume and cancel for one run. The GUI or CLI calls these from any thread; the run
 * calls {@link #checkpoint()} between iterations, which is where they take effect, so a request is
 * answered within one iteration. A paused run waits on this object's monitor, using no CPU.
 */
public final class RunControl {

    private boolean paused;
    private boolean cancelled;
    private int steps;
    private volatile Consumer<Boolean> parkListener = parked -> { };
    private final LiveParameters live = new LiveParameters();

    /** Parameter changes asked for while the run goes, and those applied. */
    public LiveParameters live() {
        return live;
    }

    public synchronized void pause() {
        paused = true;
        steps = 0;
    }

    public synchronized void resume() {
        paused = false;
        steps = 0;
        notifyAll();
    }

    /**
     * While paused, lets one more checkpoint through, then the run parks again; n calls let n through.
     * While running it pauses, like {@link #pause()}.
     */
    public synchronized void step() {
        if (paused) {
            steps++;
        }
        paused = true;
        notifyAll();
    }

    /** Wakes a paused run; its next checkpoint throws {@link CancelledException}. */
    public synchronized void cancel() {
        cancelled = true;
        notifyAll();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    /**
     * Returns at once while running, waits while paused (a step lets it return once), and throws once
     * the run is cancelled. An interrupt of the run's thread counts as a cancel.
     */
    public void checkpoint() throws CancelledException {
        if (!mustPark()) {
            return;
        }
        // The listener runs outside the monitor so it cannot block or deadlock pause/resume callers.
        parkListener.accept(true);
        try {
            awaitTurn();
        } finally {
            parkListener.accept(false);
        }
    }

    /** Told true when the run parks at a checkpoint and false when it leaves it (the job's PAUSED state). */
    void onParkChange(Consumer<Boolean> listener) {
        parkListener = listener;
    }

    private synchronized boolean mustPark() throws CancelledException {
        if (Thread.currentThread().isInterrupted()) {
            cancelled = true;
        }
        if (cancelled) {
            throw new CancelledException();
        }
        return !takeTurn();
    }

    private synchronized void awaitTurn() throws CancelledException {
        try {
            while (!cancelled && !takeTurn()) {
                wait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled = true;
        }
        if (cancelled) {
            throw new CancelledException();
        }
    }

    // Called with the monitor held: may the run pass a checkpoint now? Consumes a step if it uses one.
    private boolean takeTurn() {
        if (!paused) {
            return true;
        }
        if (steps > 0) {
            steps--;
            return true;
        }
        return false;
    }
}
