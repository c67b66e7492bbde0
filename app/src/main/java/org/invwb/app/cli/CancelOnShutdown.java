package org.invwb.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.invwb.core.run.RunControl;

/**
 * Ctrl-C during a run: cancels the run through its control, then holds the JVM's exit (at most
 * {@code grace}) until the command closes this, so that the run folder is complete, its report says
 * "cancelled" and the summary is printed.
 */
final class CancelOnShutdown implements AutoCloseable {

    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread hook;

    CancelOnShutdown(RunControl control, Duration grace, PrintWriter err) {
        hook = new Thread(() -> {
            err.println();
            err.println("invwb: cancelling the run...");
            err.flush();
            control.cancel();
            try {
                closed.await(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "invwb-cancel-on-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running and was waiting for the countdown above; it exits now.
        }
    }
}
