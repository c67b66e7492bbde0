package org.invwb.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Filter;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Opens the workbench window: {@code ./invwb} without arguments comes here. Kept apart from the command
 * line so that {@code invwb run|metrics|describe} never load a JavaFX class. Library and error messages
 * go to {@code invwb.log} in the runs directory instead of the terminal.
 */
public final class GuiLauncher {

    /** The JavaFX logger; kept referenced so that its filter stays in place. */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");
    private static volatile Path logFile;

    private GuiLauncher() {
    }

    /** The log file the window writes to, or null when it logs to stderr (tests). */
    static Path logFile() {
        return logFile;
    }

    public static void main(String[] args) {
        if (!hasDisplay()) {
            System.err.println("invwb: no display to open the window on (DISPLAY is not set).");
            System.err.println("The command line works without one: ./invwb run SPEC --out DIR, ./invwb --help");
            System.exit(2);
        }
        logToFile();
        // JavaFX warns on every start when it is on the class path rather than the module path; it works.
        Filter classPathWarning = r -> r.getMessage() == null || !r.getMessage().startsWith("Unsupported JavaFX configuration");
        JAVAFX_LOG.setFilter(classPathWarning);
        try {
            Application.launch(WorkbenchApp.class, args);
        } catch (RuntimeException | Error e) {
            // JavaFX could not start (no usable graphics libraries, a display that refuses the connection).
            org.slf4j.LoggerFactory.getLogger(GuiLauncher.class).error("the window could not open", e);
            System.err.println("invwb: the window could not open: " + UncaughtErrors.message(e));
            System.err.println("JavaFX needs GTK 3 and OpenGL or software rendering, e.g. on Debian or Ubuntu:"
                    + " apt-get install libgtk-3-0 libgl1. The command line works without them: ./invwb --help");
            if (logFile != null) {
                System.err.println("Details: " + logFile);
            }
            System.exit(1);
        }
        System.exit(0);
    }

    private static boolean hasDisplay() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return true;
        }
        return System.getenv("DISPLAY") != null || System.getenv("WAYLAND_DISPLAY") != null
                || "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"));
    }

    private static void logToFile() {
        try {
            Path dir = Settings.user().getRunsDir();
            Files.createDirectories(dir);
            Path file = dir.resolve("invwb.log");
            // slf4j-simple reads these when the first logger is made, which is after this point.
            System.setProperty("org.slf4j.simpleLogger.logFile", file.toString());
            System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
            System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss");
            System.setProperty("org.slf4j.simpleLogger.showThreadName", "true");
            logFile = file;
        } catch (IOException | RuntimeException e) {
            System.err.println("invwb: cannot write the log file (" + e.getMessage() + "); messages go here");
        }
        // Start logging here, on one thread, before the window's threads all reach for it at once.
        org.slf4j.LoggerFactory.getLogger(GuiLauncher.class).debug("log file {}", logFile);
    }
}
