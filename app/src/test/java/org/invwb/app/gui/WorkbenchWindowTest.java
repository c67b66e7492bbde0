package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.invwb.app.gui.FxWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.invwb.core.run.JobState;
import org.invwb.core.run.RunStore;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.LiveChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window as a user drives it, headless (Monocle): pick a method, set a value in the generated form,
 * run, watch the live view, read the result; pause, resume and stop a longer run.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchWindowTest {

    @TempDir
    static Path runs;

    private static Preferences prefs;
    private MainWindow window;

    @BeforeAll
    static void settingsNode() {
        prefs = new MemoryPreferences();
    }

    @Start
    void start(Stage stage) {
        Settings settings = new Settings(prefs);
        settings.runsDirProperty().set(runs);
        window = TestWindows.open(stage, settings, TestWindows.WIDTH, TestWindows.HEIGHT);
    }

    @AfterEach
    void stopRuns() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.viewModel().cancelRuns()).get(10, TimeUnit.SECONDS);
        waitFor(60, "the runs to end", () -> !window.viewModel().queue().isBusy());
        FxToolkit.cleanupStages();
    }

    @Test
    void idlgRunsAndTheLiveViewShowsImagesCurvesAndTheResult(FxRobot robot) throws Exception {
        pick(robot, "idlg");
        setField(robot, "#field-parameters-iterations", "3");
        robot.press(KeyCode.CONTROL, KeyCode.T).release(KeyCode.T, KeyCode.CONTROL); // View → Teaching mode
        assertTrue(onFx(() -> window.stage().getScene().getRoot().getStyleClass().contains("teaching")));
        robot.clickOn("#run");

        ImageGridView grid = robot.lookup("#live-grid").queryAs(ImageGridView.class);
        LiveChart objective = robot.lookup("#objective-chart").queryAs(LiveChart.class);
        waitFor(90, "a snapshot and a curve point", () -> grid.getRows().size() == 2
                && !grid.getRows().get(1).images().isEmpty() && objective.getTable().size() > 0);
        assertEquals("ground truth", onFx(() -> grid.getRows().get(0).title()));
        assertFalse(onFx(() -> robot.lookup("#trajectory-strip").query().isVisible()), "a strip outside diffusion");
        Label result = robot.lookup("#result").queryAs(Label.class);
        waitFor(90, "the result text", () -> result.getText().contains("PSNR"));
        String text = onFx(result::getText);
        assertTrue(text.startsWith("Done: 3 iterations") || text.contains("gradient distance fell below"), text);
        assertTrue(text.contains("SSIM"), text);
        assertFalse(text.contains("Exception"), text);
        assertEquals(JobState.DONE, onFx(() -> window.viewModel().live().stateProperty().get()));
        // Teaching mode: iDLG's objective, with the live value of its gradient-distance term beside it.
        assertTrue(onFx(() -> robot.lookup("#teaching").query().isVisible()));
        String distance = onFx(() -> robot.lookup("#term-gradientDistance").queryAs(Label.class).getText());
        assertEquals(LiveViewModel.format("gradientDistance",
                onFx(() -> window.viewModel().live().latest().get("gradientDistance"))), distance);
        onFx(() -> {
            window.viewModel().settings().teachingProperty().set(false);
            return null;
        });

        Path runDir = onFx(() -> window.viewModel().live().sessionProperty().get().runDir());
        Map<String, Object> report = RunStore.readReport(runDir);
        assertEquals("done", report.get("status"));
        assertTrue(Files.isRegularFile(runDir.resolve("final.png")));
        // The Runs panel lists it once the run has ended.
        waitFor(30, "the Runs panel to list the run", () -> window.viewModel().runs().rows().stream()
                .anyMatch(r -> r.dir().equals(runDir)));
    }

    @Test
    void aLongerDlgRunPausesResumesAndStops(FxRobot robot) throws Exception {
        pick(robot, "dlg");
        setField(robot, "#field-parameters-iterations", "300");
        robot.clickOn("#run");
        LiveViewModel live = window.viewModel().live();
        waitFor(90, "the first iteration", () -> live.iterationProperty().get() >= 1);

        robot.clickOn("#pause");
        waitFor(60, "the run to pause", () -> live.stateProperty().get() == JobState.PAUSED);
        assertEquals("Resume", robot.lookup("#pause").queryButton().getText());
        int pausedAt = onFx(() -> live.iterationProperty().get());
        Thread.sleep(300);
        assertEquals(pausedAt, (int) onFx(() -> live.iterationProperty().get()), "a paused run does not advance");

        robot.clickOn("#pause");
        waitFor(30, "the run to resume", () -> live.stateProperty().get() == JobState.RUNNING);

        robot.press(KeyCode.CONTROL, KeyCode.PERIOD).release(KeyCode.PERIOD, KeyCode.CONTROL); // Stop
        waitFor(60, "the run to stop", () -> live.endedProperty().get());
        assertEquals(JobState.CANCELLED, onFx(() -> live.stateProperty().get()));
        String text = onFx(() -> robot.lookup("#result").queryAs(Label.class).getText());
        assertTrue(text.startsWith("Stopped after"), text);
        Path runDir = onFx(() -> live.sessionProperty().get().runDir());
        waitFor(30, "report.json to say cancelled", () -> "cancelled".equals(RunStore.readReport(runDir).get("status")));
    }

    @Test
    void anInvalidValueIsShownUnderItsFieldAndRunIsDisabled(FxRobot robot) throws Exception {
        pick(robot, "idlg");
        setField(robot, "#field-parameters-lr", "fast");
        Label error = robot.lookup("#field-parameters-lr-error").queryAs(Label.class);
        assertEquals("parameters.lr: expected a number, got \"fast\"", onFx(error::getText));
        assertTrue(onFx(error::isVisible));
        assertTrue(onFx(() -> robot.lookup("#run").queryButton().isDisabled()));
        setField(robot, "#field-parameters-lr", "0.5");
        assertFalse(onFx(() -> robot.lookup("#run").queryButton().isDisabled()));
    }

    /** Chooses a method the way a user does: open the method list, click the name. */
    private void pick(FxRobot robot, String method) throws Exception {
        robot.clickOn("#method");
        robot.clickOn(robot.lookup(".list-cell").match((javafx.scene.control.ListCell<?> c) ->
                c.getItem() != null && method.equals(c.getText())).queryAs(javafx.scene.control.ListCell.class));
        waitFor(10, method + " chosen", () -> window.viewModel().attack().getMethod().name().equals(method));
    }

    /** Types into a form field (the form scrolls, so the text is set through the field itself). */
    private void setField(FxRobot robot, String query, String text) throws Exception {
        TextField field = robot.lookup(query).queryAs(TextField.class);
        onFx(() -> {
            field.setText(text);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }
}
