package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.invwb.app.gui.FxWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.WeightSources;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.UpdateHeatMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The Federated round and Models panels as a user opens them, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class RoundAndModelsWindowTest {

    @TempDir
    static Path runs;

    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        StoredRounds.write(runs.resolve("federated-round-20260101-100000"), UpdateKind.GRADIENT, 1,
                "{\"method\": \"federated-round\", \"status\": \"done\", \"startedAt\": \"2026-01-01T10:00:00\","
                        + " \"metrics\": {\"accuracyPerRound\": [0.25, 0.5]}}");
        Settings settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(runs);
        window = TestWindows.open(stage, settings, TestWindows.WIDTH, TestWindows.HEIGHT);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void theRoundPanelShowsAStoredRoundAndAttacksIt(FxRobot robot) throws Exception {
        robot.clickOn("#tab-round");
        @SuppressWarnings("unchecked")
        ComboBox<Path> pick = robot.lookup("#round-pick").queryAs(ComboBox.class);
        waitFor(20, "the stored round in the list", () -> pick.getItems().size() == 1);
        onFx(() -> {
            pick.getSelectionModel().select(0);
            return null;
        });
        UpdateHeatMap heat = robot.lookup("#round-heat-map").queryAs(UpdateHeatMap.class);
        waitFor(20, "the heat map", () -> heat.getRows().size() == StoredRounds.network().trainableNames().size());
        ImageGridView images = robot.lookup("#round-images").queryAs(ImageGridView.class);
        assertEquals(1, onFx(() -> images.getRows().get(0).images().size()));
        assertEquals("client 0, round 1, 1 example", onFx(() -> robot.lookup("#round-victim").queryAs(Label.class).getText()));
        robot.clickOn("#round-attack");
        waitFor(10, "the Attack panel", () -> window.viewModel().panelProperty().get() == WorkbenchViewModel.Panel.ATTACK);
        assertEquals("idlg", onFx(() -> window.viewModel().attack().getMethod().name()));
    }

    @Test
    void theModelsPanelListsTheShippedModelsAndUsesOneInTheAttack(FxRobot robot) throws Exception {
        onFx(() -> window.viewModel().attack().selectMethod("inverting-gradients"));
        robot.clickOn("#tab-models");
        @SuppressWarnings("unchecked")
        TableView<ModelsViewModel.ModelRow> table = robot.lookup("#models-table").queryAs(TableView.class);
        waitFor(20, "the shipped models", () -> table.getItems().size() == WeightSources.bundledNames().size());
        onFx(() -> {
            table.getSelectionModel().select(WeightSources.bundledNames().indexOf("mlp-mnist"));
            return null;
        });
        robot.clickOn("#models-use");
        waitFor(10, "the Attack panel", () -> window.viewModel().panelProperty().get() == WorkbenchViewModel.Panel.ATTACK);
        assertEquals("bundled:mlp-mnist", onFx(() -> window.viewModel().attack().field("model.weights").orElseThrow().getText()));
        assertEquals("mlp", onFx(() -> window.viewModel().attack().field("model.architecture").orElseThrow().getText()));
    }
}
