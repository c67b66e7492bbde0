package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.invwb.app.gui.FxWait.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.invwb.visualizers.FxImages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Takes the README's screenshots from the real window (headless, software rendering). Not a test: it
 * runs only when asked, e.g.
 * {@code mvn -o -pl app -am test -Dtest=WindowScreenshots -Dsurefire.failIfNoSpecifiedTests=false -Dinvwb.screenshots=$PWD/docs/screenshots}.
 * Each shot starts from a fresh window with its own settings.
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "invwb.screenshots", matches = ".+")
class WindowScreenshots {

    @TempDir
    static Path runs;

    private MainWindow window;
    private Settings settings;

    @Start
    void start(Stage stage) {
        settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(runs);
        window = TestWindows.open(stage, settings, 1280, 820);
    }

    @AfterEach
    void stopRuns() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.viewModel().cancelRuns()).get(10, TimeUnit.SECONDS);
        waitFor(120, "the runs to end", () -> !window.viewModel().queue().isBusy());
        FxToolkit.cleanupStages();
    }

    /** iDLG in teaching mode, with lr changed mid-run, paused after a few iterations. */
    @Test
    void liveTeaching() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.teachingProperty().set(true);
            settings.darkProperty().set(false);
            vm.attack().loadFile(vm.samplesDir().resolve("gradient/idlg.json"));
            vm.attack().run();
            return null;
        });
        LiveViewModel live = vm.live();
        waitFor(300, "iteration 3", () -> live.iterationProperty().get() >= 3);
        onFx(() -> {
            ParamField lr = live.liveFields().get(0);
            lr.setText("0.5");
            return live.applyLive(lr);
        });
        waitFor(300, "iteration 8", () -> live.iterationProperty().get() >= 8);
        onFx(() -> {
            live.pause();
            return null;
        });
        waitFor(120, "the pause", () -> live.stateProperty().get() == org.invwb.core.run.JobState.PAUSED);
        shoot("live-teaching.png");
    }

    /** iDLG in the dark theme, lr halved at iteration 12, caught running. */
    @Test
    void liveRunning() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.darkProperty().set(true);
            vm.attack().loadFile(vm.samplesDir().resolve("gradient/idlg.json"));
            vm.attack().run();
            return null;
        });
        LiveViewModel live = vm.live();
        waitFor(300, "iteration 11", () -> live.iterationProperty().get() >= 11);
        onFx(() -> {
            ParamField lr = live.liveFields().get(0);
            lr.setText("0.5");
            return live.applyLive(lr);
        });
        waitFor(300, "iteration 30", () -> live.iterationProperty().get() >= 30);
        shoot("live-running.png");
    }

    /** SPDInv over 12 steps, light theme, scrubbed back to the middle of its trajectory strip. */
    @Test
    void liveDiffusion() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.darkProperty().set(false);
            vm.attack().loadFile(vm.samplesDir().resolve("diffusion/spd-inversion.json"));
            vm.attack().field("parameters.steps").orElseThrow().setText("12");
            vm.attack().run();
            return null;
        });
        LiveViewModel live = vm.live();
        waitFor(600, "the run to end", () -> live.endedProperty().get());
        onFx(() -> {
            live.followingProperty().set(false);
            live.shownSnapshotProperty().set(live.snapshots().size() / 2);
            return null;
        });
        shoot("live-diffusion.png");
    }

    /** GMI on the private digit 7 through the public-digit GAN, one restart, at its end. */
    @Test
    void liveModelInversion() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.darkProperty().set(false);
            vm.attack().loadFile(vm.samplesDir().resolve("model-inversion/gmi.json"));
            vm.attack().field("parameters.targetClasses").orElseThrow().setText("5-7");
            vm.attack().field("parameters.restarts").orElseThrow().setText("1");
            vm.attack().field("parameters.iterations").orElseThrow().setText("300");
            vm.attack().run();
            return null;
        });
        LiveViewModel live = vm.live();
        waitFor(600, "the run to end", () -> live.endedProperty().get());
        shoot("live-model-inversion.png");
    }

    /** The Data panel on the bundled Fashion-MNIST subset. */
    @Test
    void data() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            vm.panelProperty().set(WorkbenchViewModel.Panel.DATA);
            vm.data().sourceProperty().set("bundled:fashion-mnist-train");
            vm.data().load();
            return null;
        });
        waitFor(60, "the images", () -> !vm.data().pageImagesProperty().get().isEmpty());
        shoot("data.png");
    }

    /** The Federated round panel after the FedAvg + DP-SGD sample has run. */
    @Test
    void round() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.darkProperty().set(false);
            vm.attack().loadFile(vm.samplesDir().resolve("federated/fedavg-dirichlet-dp-sgd.json"));
            vm.attack().run();
            return null;
        });
        waitFor(600, "the round to end", () -> !vm.queue().isBusy());
        waitFor(60, "the round shown", () -> vm.round().shownProperty().get() != null);
        onFx(() -> {
            vm.panelProperty().set(WorkbenchViewModel.Panel.ROUND);
            return null;
        });
        shoot("round.png");
    }

    /** The Models panel with the shipped models and one trained here (one epoch of the MLP sample). */
    @Test
    void models() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            settings.darkProperty().set(false);
            vm.attack().loadFile(vm.samplesDir().resolve("training/mlp-fashion-mnist.json"));
            vm.attack().field("parameters.epochs").orElseThrow().setText("1");
            vm.attack().run();
            return null;
        });
        waitFor(300, "the training to end", () -> !vm.queue().isBusy());
        waitFor(60, "the trained model listed", () -> vm.models().rows().stream()
                .anyMatch(r -> r.origin().equals("trained")));
        onFx(() -> {
            vm.panelProperty().set(WorkbenchViewModel.Panel.MODELS);
            vm.models().selectedProperty().set(vm.models().rows().stream()
                    .filter(r -> r.origin().equals("trained")).findFirst().orElseThrow());
            return null;
        });
        shoot("models.png");
    }

    /** File → Settings, with the devices the engine sees. */
    @Test
    void settings() throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        waitFor(60, "the engine", () -> vm.status().deviceProperty().get().contains("PyTorch"));
        javafx.application.Platform.runLater(() -> SettingsDialog.show(window.stage(), settings,
                vm.status().availableDevices()));
        waitFor(10, "the dialog", () -> javafx.stage.Window.getWindows().size() > 1);
        javafx.stage.Window dialog = onFx(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w != window.stage()).findFirst().orElseThrow());
        Thread.sleep(300);
        javafx.scene.image.WritableImage image = onFx(() -> dialog.getScene().snapshot(null));
        FxImages.writePng(image, Path.of(System.getProperty("invwb.screenshots")).resolve("settings.png"));
        onFx(() -> {
            dialog.hide();
            return null;
        });
    }

    private void shoot(String name) throws Exception {
        Path dir = Path.of(System.getProperty("invwb.screenshots"));
        Files.createDirectories(dir);
        Thread.sleep(500); // let the charts draw their last batch
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.image.WritableImage image = onFx(() -> window.stage().getScene().snapshot(null));
        FxImages.writePng(image, dir.resolve(name));
    }
}
