package org.invwb.app.gui;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.invwb.app.run.Devices;
import org.invwb.app.run.SampleProjects;
import org.invwb.core.run.MethodRegistry;

/** The workbench window as a JavaFX application. Start it with {@link GuiLauncher}, or {@code ./invwb}. */
public final class WorkbenchApp extends Application {

    /** File reading off the window's thread (run folders, ground truth). */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "invwb-io");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void start(Stage stage) {
        MainWindow window = open(stage, Settings.user(), SampleProjects.find());
        UncaughtErrors.install(GuiLauncher.logFile(), stage);
        window.stage().show();
    }

    @Override
    public void stop() {
        IO.shutdownNow();
    }

    /**
     * Builds the window's view models and views on {@code stage} (not shown yet). The compute engine is
     * started at once on the compute thread (to describe the device), so the first run starts quickly.
     */
    public static MainWindow open(Stage stage, Settings settings, Path samplesDir) {
        WorkbenchViewModel vm = new WorkbenchViewModel(settings, MethodRegistry.standard(), Platform::runLater, IO,
                Devices.engine(), System::nanoTime, samplesDir);
        return new MainWindow(vm, stage);
    }
}
