package org.invwb.app.cli;

/**
 * Entry point of the {@code invwb} command. Without arguments it opens the workbench window; with
 * any, it is the command line, which stays headless: the window's launcher is looked up by name only
 * on the no-argument path, so no JavaFX class is ever loaded for {@code run}, {@code metrics} or
 * {@code describe}.
 */
public final class Main {

    /** The window's launcher, in the same application jar. */
    static final String WINDOW_LAUNCHER = "org.invwb.app.gui.GuiLauncher";

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            openWindow();
            return;
        }
        System.exit(InvwbCommand.commandLine().execute(args));
    }

    private static void openWindow() throws Exception {
        try {
            Class.forName(WINDOW_LAUNCHER).getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw (Error) e.getCause();
        }
    }
}
