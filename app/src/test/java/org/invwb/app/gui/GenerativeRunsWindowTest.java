package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.invwb.app.gui.FxWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.JobState;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.MetricTile;
import org.invwb.visualizers.TrajectoryStrip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Live panel on diffusion and GAN runs (the trajectory strip; the images inverted shown from the start),
 * headless (Monocle), in a window of its own settings.
 */
@ExtendWith(ApplicationExtension.class)
class GenerativeRunsWindowTest {

    @TempDir
    static Path runs;

    private MainWindow window;

    @Start
    void start(Stage stage) {
        Settings settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(runs);
        window = TestWindows.open(stage, settings, TestWindows.WIDTH, TestWindows.HEIGHT);
    }

    @AfterEach
    void stopRuns() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.viewModel().cancelRuns()).get(10, TimeUnit.SECONDS);
        waitFor(60, "the runs to end", () -> !window.viewModel().queue().isBusy());
        FxToolkit.cleanupStages();
    }

    /**
     * SPDInv, loaded from its sample (not the first method of its family, so loading must keep it chosen):
     * a diffusion run's snapshots are the states x_k of one trajectory: the strip under the scrubber gets a
     * thumbnail for each snapshot the window takes in, frames the one shown, and a click on one scrubs to it.
     */
    @Test
    void aDiffusionRunFillsTheTrajectoryStripAndAClickScrubs(FxRobot robot) throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            vm.attack().loadFile(vm.samplesDir().resolve("diffusion/spd-inversion.json"));
            return null;
        });
        setField("#field-parameters-steps", "4");
        setField("#field-parameters-innerSteps", "40"); // long enough per step that the window sees most states
        robot.clickOn("#run");
        LiveViewModel live = vm.live();
        TrajectoryStrip strip = robot.lookup("#trajectory-strip").queryAs(TrajectoryStrip.class);
        waitFor(90, "the first thumbnail", () -> strip.size() > 0);
        waitFor(90, "the run to end", () -> live.endedProperty().get());
        assertEquals(JobState.DONE, onFx(() -> live.stateProperty().get()));
        // up to 4 inversion and 4 regeneration states (the window takes the newest per frame), one thumbnail each
        int count = onFx(() -> live.snapshots().size());
        assertTrue(count >= 3 && count <= 8, count + " snapshots");
        assertEquals(count, (int) onFx(strip::size));
        assertTrue(onFx(strip::isVisible));
        assertEquals(count - 1, (int) onFx(strip::selected), "the newest is framed");

        // the second thumbnail: never the newest (there are at least 3), whose title says "final"
        Node second = robot.lookup(".trajectory-cell").nth(1).query();
        robot.clickOn(second);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, (int) onFx(() -> live.shownSnapshotProperty().get()));
        assertEquals(1, (int) onFx(strip::selected));
        assertTrue(onFx(() -> robot.lookup(".trajectory-cell").nth(1).query().getPseudoClassStates().stream()
                .anyMatch(p -> p.getPseudoClassName().equals("selected"))));
        assertEquals(1.0, onFx(() -> robot.lookup("#scrubber").queryAs(Slider.class).getValue()));
        assertTrue(onFx(() -> robot.lookup("#scrub-label").queryAs(Label.class).getText()).startsWith("2 of " + count));
        assertEquals("reconstruction · iteration " + onFx(() -> live.snapshots().get(1).iteration()),
                onFx(() -> live.reconstructionTitleProperty().get()));
    }

    /**
     * Out-of-domain inversion from its sample (two digits with a checkerboard stamped on): while the run
     * is still searching, the grid already shows the stamped images it inverts beside the reconstruction,
     * and the iteration count runs against every restart and mask round (4 restarts and 2 further rounds
     * of the iterations each), not against one search's iterations.
     */
    @Test
    void theImagesInvertedShowFromTheStartAndTheCountCoversEverySearch(FxRobot robot) throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        onFx(() -> {
            vm.attack().loadFile(vm.samplesDir().resolve("gan-inversion/out-of-domain-inversion.json"));
            return null;
        });
        setField("#field-parameters-iterations", "100000"); // far longer than the test: it is stopped running
        robot.clickOn("#run");
        LiveViewModel live = vm.live();
        ImageGridView grid = robot.lookup("#live-grid").queryAs(ImageGridView.class);
        waitFor(90, "the first reconstruction", () -> !live.reconstructionProperty().get().isEmpty());
        waitFor(30, "the images inverted", () -> grid.getRows().stream().anyMatch(r -> r.title().equals("ground truth")));
        assertFalse(onFx(() -> live.endedProperty().get()), "shown while the run goes on");

        List<FloatImage> truth = onFx(() -> grid.getRows().stream().filter(r -> r.title().equals("ground truth"))
                .findFirst().orElseThrow().images());
        assertEquals(2, truth.size());
        // the checkerboard stamped on rows and columns 1-8 is in what is shown: (1, 1) white, (1, 2) black,
        // where every MNIST digit has background
        FloatImage first = truth.get(0);
        assertEquals(1f, first.pixels()[28 + 1], 1e-6);
        assertEquals(0f, first.pixels()[28 + 2], 1e-6);

        MetricTile tile = robot.lookup("#tile-iteration").queryAs(MetricTile.class);
        waitFor(30, "the count", () -> tile.getText().contains(" / "));
        assertTrue(onFx(tile::getText).endsWith(" / " + (4 + 2) * 100_000), onFx(tile::getText));
    }

    /** Sets a form field through the field itself (the form scrolls). */
    private void setField(String id, String text) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        TextField field = (TextField) window.stage().getScene().lookup(id);
        assertTrue(field != null, "no field " + id + "; notice: " + onFx(() -> window.viewModel().attack().noticeProperty().get()));
        onFx(() -> {
            field.setText(text);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
