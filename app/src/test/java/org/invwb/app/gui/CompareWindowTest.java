package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.invwb.app.gui.FxWait.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.LiveChart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** Two stored runs chosen in the Runs panel open side by side in the Compare panel, headless (Monocle). */
@ExtendWith(ApplicationExtension.class)
class CompareWindowTest {

    @TempDir
    static Path runs;

    private MainWindow window;

    @Start
    void start(Stage stage) throws Exception {
        FakeRuns.write(runs, "idlg-none", "none", 1.0, 12.0);
        FakeRuns.write(runs, "idlg-pruning", "pruning", 1.0, 9.0);
        Settings settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(runs);
        window = TestWindows.open(stage, settings, TestWindows.WIDTH, TestWindows.HEIGHT);
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void twoRunsChosenInTheRunsPanelAreComparedSideBySide(FxRobot robot) throws Exception {
        robot.clickOn("#tab-runs");
        waitFor(30, "the Runs panel to list both runs", () -> window.viewModel().runs().rows().size() == 2);
        TableView<?> table = robot.lookup("#runs-table").queryAs(TableView.class);
        onFx(() -> {
            table.getSelectionModel().selectAll();
            return null;
        });
        robot.clickOn("#compare-runs");
        waitFor(10, "the Compare panel in front",
                () -> window.viewModel().panelProperty().get() == WorkbenchViewModel.Panel.COMPARE);
        waitFor(30, "two table rows", () -> robot.lookup("#compare-table").queryAs(TableView.class).getItems().size() == 2);
        LiveChart distance = robot.lookup("#compare-chart-gradientDistance").queryAs(LiveChart.class);
        assertEquals(List.of("idlg-none", "idlg-pruning"), onFx(() -> distance.getTable().names()).stream().sorted().toList());
        assertEquals(3, (int) onFx(() -> distance.drawnPoints("idlg-none")));
        ImageGridView pictures = robot.lookup("#compare-pictures").queryAs(ImageGridView.class);
        assertEquals(2, (int) onFx(() -> pictures.getRows().get(0).images().size()));
        @SuppressWarnings("unchecked")
        TableView<Map<String, String>> compared = robot.lookup("#compare-table").queryAs(TableView.class);
        assertEquals("pruning", onFx(() -> compared.getItems().stream()
                .filter(r -> r.get("run").equals("idlg-pruning")).findFirst().orElseThrow().get("client.defense")));
    }
}
