package org.invwb.app.gui;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.stage.Window;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an exception nobody caught, on any thread: its full trace goes to the log file, and
 * the window shows a short readable message (one at a time) and carries on.
 */
final class UncaughtErrors {

    private static final Logger LOG = LoggerFactory.getLogger(UncaughtErrors.class);
    private static final AtomicBoolean SHOWING = new AtomicBoolean();

    private UncaughtErrors() {
    }

    /**
     * @param logFile where the traces go (named in the message), or null when they go to stderr
     * @param owner   the window to put the message over
     */
    static void install(Path logFile, Window owner) {
        Thread.UncaughtExceptionHandler handler = (thread, error) -> report(thread, error, logFile, owner);
        Thread.setDefaultUncaughtExceptionHandler(handler);
        if (Platform.isFxApplicationThread()) {
            Thread.currentThread().setUncaughtExceptionHandler(handler);
        }
    }

    private static void report(Thread thread, Throwable error, Path logFile, Window owner) {
        LOG.error("uncaught exception on thread {}", thread.getName(), error);
        if (!SHOWING.compareAndSet(false, true)) {
            return; // one message at a time: a failing repaint must not bury the window in dialogs
        }
        Runnable show = () -> {
            try {
                String where = logFile == null ? "the program's error output" : logFile.toString();
                Dialogs.confirm(owner, "Something went wrong", message(error)
                        + "\n\nThe window keeps working. The full details are in " + where + ".", "OK", "Close");
            } finally {
                SHOWING.set(false);
            }
        };
        try {
            if (Platform.isFxApplicationThread()) {
                show.run();
            } else {
                Platform.runLater(show);
            }
        } catch (RuntimeException | Error e) {
            SHOWING.set(false); // the toolkit is gone; the log has it
        }
    }

    /** "IllegalStateException: what it says", with the root cause when there is one; never a trace. */
    static String message(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = named(error);
        return root == error ? text : text + "\n(cause: " + named(root) + ")";
    }

    private static String named(Throwable t) {
        String m = t.getMessage();
        String line = m == null ? "" : m.strip().lines().findFirst().orElse("");
        if (line.length() > 300) {
            line = line.substring(0, 300) + "…";
        }
        return line.isEmpty() ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + line;
    }
}
