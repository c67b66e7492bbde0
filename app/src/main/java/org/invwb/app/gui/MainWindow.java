package org.invwb.app.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.stage.FileChooser;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/**
 * The main window: menus, the Federated round, Attack, Live, Runs, Compare, Models and Data panels, the status bar, keyboard shortcuts, the
 * theme, and what happens when it is closed with a run going.
 */
public final class MainWindow {

    private static final String TITLE = "Inversion Workbench";

    private final WorkbenchViewModel vm;
    private final Stage stage;
    private final BorderPane root = new BorderPane();
    private final TabPane tabs = new TabPane();
    private final AttackView attackView;
    private final LiveView liveView;
    private final RunsView runsView;
    private final CompareView compareView;
    private final DataView dataView;
    private final RoundView roundView;
    private final ModelsView modelsView;
    private boolean closing;

    public MainWindow(WorkbenchViewModel vm, Stage stage) {
        this.vm = vm;
        this.stage = stage;
        root.getStyleClass().add("workbench");
        attackView = new AttackView(vm.attack(), this::openSpec, this::saveSpec);
        liveView = new LiveView(vm.live(), vm.settings().darkProperty(), vm.settings().teachingProperty());
        runsView = new RunsView(vm.runs());
        compareView = new CompareView(vm.compare(), vm.settings()::getRunsDir, vm.settings().darkProperty());
        dataView = new DataView(vm.data());
        roundView = new RoundView(vm.round(), vm.settings().darkProperty());
        modelsView = new ModelsView(vm.models());

        Tab attack = tab("Attack", attackView, Icons.of(MaterialDesignC.CROSSHAIRS_GPS), "tab-attack");
        Tab live = tab("Live", liveView, Icons.of(MaterialDesignC.CHART_LINE), "tab-live");
        Tab runs = tab("Runs", runsView, Icons.of(MaterialDesignH.HISTORY), "tab-runs");
        Tab compare = tab("Compare", compareView, Icons.of(MaterialDesignC.COMPARE), "tab-compare");
        Tab data = tab("Data", dataView, Icons.of(MaterialDesignD.DATABASE), "tab-data");
        Tab round = tab("Round", roundView, Icons.of(MaterialDesignA.ACCESS_POINT_NETWORK), "tab-round");
        Tab models = tab("Models", modelsView, Icons.of(MaterialDesignB.BRAIN), "tab-models");
        tabs.getTabs().addAll(round, attack, live, runs, compare, models, data);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        vm.panelProperty().addListener((o, a, b) -> tabs.getSelectionModel().select(b.ordinal()));
        tabs.getSelectionModel().selectedIndexProperty().addListener((o, a, b) ->
                vm.panelProperty().set(WorkbenchViewModel.Panel.values()[b.intValue()]));
        tabs.getSelectionModel().select(vm.panelProperty().get().ordinal());

        root.setTop(new javafx.scene.layout.VBox(menus(), sampleStrip()));
        root.setCenter(tabs);
        root.setBottom(new StatusBarView(vm.status()));

        Scene scene = new Scene(root, 1280, 820);
        scene.getStylesheets().add(MainWindow.class.getResource("workbench.css").toExternalForm());
        shortcuts(scene);
        applyTheme(vm.settings().darkProperty().get());
        vm.settings().darkProperty().addListener((o, a, b) -> applyTheme(b));

        stage.setTitle(TITLE);
        stage.setScene(scene);
        stage.setMinWidth(900);
        stage.setMinHeight(600);
        restoreBounds();
        stage.setOnCloseRequest(e -> {
            if (!closing && vm.isBusy()) {
                e.consume();
                closeWithRuns();
            } else {
                remember();
            }
        });
        vm.runs().refresh();
        vm.round().refresh();
        vm.models().refresh();
    }

    public Stage stage() {
        return stage;
    }

    public WorkbenchViewModel viewModel() {
        return vm;
    }

    /** Light or dark: AtlantaFX's Primer themes for the controls, a style class for the rest. */
    static void applyTheme(boolean dark) {
        Application.setUserAgentStylesheet(dark ? new PrimerDark().getUserAgentStylesheet()
                : new PrimerLight().getUserAgentStylesheet());
    }

    private void applyThemeClass(boolean dark) {
        root.getStyleClass().remove("dark");
        if (dark) {
            root.getStyleClass().add("dark");
        }
    }

    /** Teaching mode sets the whole window in large type (see workbench.css). */
    private void applyTeachingClass(boolean teaching) {
        root.getStyleClass().remove("teaching");
        if (teaching) {
            root.getStyleClass().add("teaching");
        }
    }

    /** In teaching mode, every sample project one click away under the menus. */
    private javafx.scene.Node sampleStrip() {
        javafx.scene.layout.FlowPane strip = new javafx.scene.layout.FlowPane(4, 2);
        strip.setId("sample-strip");
        strip.getStyleClass().add("sample-strip");
        javafx.scene.control.Label title = new javafx.scene.control.Label("Samples:", Icons.of(MaterialDesignS.SCHOOL));
        strip.getChildren().add(title);
        for (Path sample : vm.samples()) {
            String name = sample.getFileName().toString().replaceFirst("\\.json$", "");
            javafx.scene.control.Hyperlink link = new javafx.scene.control.Hyperlink(name);
            link.setTooltip(new javafx.scene.control.Tooltip(vm.samplesDir().relativize(sample).toString()));
            link.setOnAction(e -> openSample(sample));
            strip.getChildren().add(link);
        }
        strip.visibleProperty().bind(vm.settings().teachingProperty());
        strip.managedProperty().bind(strip.visibleProperty());
        return strip;
    }

    private void openSample(Path sample) {
        vm.attack().loadFile(sample);
        vm.panelProperty().set(WorkbenchViewModel.Panel.ATTACK);
    }

    private MenuBar menus() {
        MenuItem open = new MenuItem("Open spec…", Icons.of(MaterialDesignF.FOLDER_OPEN));
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> openSpec());
        Menu samples = new Menu("Open sample");
        samples.setId("menu-samples");
        List<Path> found = vm.samples();
        for (Path sample : found) {
            MenuItem item = new MenuItem(vm.samplesDir().relativize(sample).toString());
            item.setOnAction(e -> openSample(sample));
            samples.getItems().add(item);
        }
        if (found.isEmpty()) {
            MenuItem none = new MenuItem("(no sample-projects folder found)");
            none.setDisable(true);
            samples.getItems().add(none);
        }
        MenuItem save = new MenuItem("Save spec…", Icons.of(MaterialDesignC.CONTENT_SAVE));
        save.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN));
        save.setOnAction(e -> saveSpec());
        MenuItem settings = new MenuItem("Settings…", Icons.of(MaterialDesignC.COG));
        settings.setOnAction(e -> SettingsDialog.show(stage, vm.settings(), vm.status().availableDevices()));
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> requestClose());
        Menu file = new Menu("File", null, open, samples, save, new SeparatorMenuItem(), settings,
                new SeparatorMenuItem(), quit);

        MenuItem run = new MenuItem("Run");
        run.setAccelerator(new KeyCodeCombination(KeyCode.R, KeyCombination.SHORTCUT_DOWN));
        run.setOnAction(e -> attackView.run());
        MenuItem pause = new MenuItem("Pause / Resume  (Space)");
        pause.setOnAction(e -> vm.live().togglePause());
        MenuItem step = new MenuItem("Step");
        step.setAccelerator(new KeyCodeCombination(KeyCode.RIGHT, KeyCombination.SHORTCUT_DOWN));
        step.setOnAction(e -> vm.live().step());
        MenuItem stop = new MenuItem("Stop");
        stop.setAccelerator(new KeyCodeCombination(KeyCode.PERIOD, KeyCombination.SHORTCUT_DOWN));
        stop.setOnAction(e -> vm.live().stop());
        Menu runMenu = new Menu("Run", null, run, pause, step, stop);

        MenuItem showRound = panelItem("Federated round", WorkbenchViewModel.Panel.ROUND, KeyCode.DIGIT1);
        MenuItem showAttack = panelItem("Attack", WorkbenchViewModel.Panel.ATTACK, KeyCode.DIGIT2);
        MenuItem showLive = panelItem("Live", WorkbenchViewModel.Panel.LIVE, KeyCode.DIGIT3);
        MenuItem showRuns = panelItem("Runs", WorkbenchViewModel.Panel.RUNS, KeyCode.DIGIT4);
        CheckMenuItem dark = new CheckMenuItem("Dark theme", Icons.of(MaterialDesignT.THEME_LIGHT_DARK));
        dark.selectedProperty().bindBidirectional(vm.settings().darkProperty());
        CheckMenuItem teaching = new CheckMenuItem("Teaching mode", Icons.of(MaterialDesignS.SCHOOL));
        teaching.setId("menu-teaching");
        teaching.setAccelerator(new KeyCodeCombination(KeyCode.T, KeyCombination.SHORTCUT_DOWN));
        teaching.selectedProperty().bindBidirectional(vm.settings().teachingProperty());
        MenuItem showCompare = panelItem("Compare", WorkbenchViewModel.Panel.COMPARE, KeyCode.DIGIT5);
        MenuItem showModels = panelItem("Models", WorkbenchViewModel.Panel.MODELS, KeyCode.DIGIT6);
        MenuItem showData = panelItem("Data", WorkbenchViewModel.Panel.DATA, KeyCode.DIGIT7);
        Menu view = new Menu("View", null, showRound, showAttack, showLive, showRuns, showCompare, showModels, showData, new SeparatorMenuItem(), dark,
                teaching);

        MenuItem about = new MenuItem("About");
        about.setOnAction(e -> Dialogs.info(stage, TITLE, "Privacy attacks on federated learning: stage, launch and"
                + " watch inversions; the same runs work from the command line (./invwb run SPEC --out DIR)."
                + "\n\nRuns are stored in " + vm.settings().getRunsDir() + "."));
        Menu help = new Menu("Help", null, about);
        MenuBar bar = new MenuBar(file, runMenu, view, help);
        bar.setId("menu-bar");
        applyThemeClass(vm.settings().darkProperty().get());
        vm.settings().darkProperty().addListener((o, a, b) -> applyThemeClass(b));
        applyTeachingClass(vm.settings().teachingProperty().get());
        vm.settings().teachingProperty().addListener((o, a, b) -> applyTeachingClass(b));
        return bar;
    }

    private MenuItem panelItem(String name, WorkbenchViewModel.Panel panel, KeyCode key) {
        MenuItem item = new MenuItem(name);
        item.setAccelerator(new KeyCodeCombination(key, KeyCombination.SHORTCUT_DOWN));
        item.setOnAction(e -> vm.panelProperty().set(panel));
        return item;
    }

    private void shortcuts(Scene scene) {
        // Space pauses and resumes, unless the user is typing or a button has the focus (Space presses it).
        scene.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.SPACE && !e.isShortcutDown()
                    && !(scene.getFocusOwner() instanceof TextInputControl)) {
                vm.live().togglePause();
                e.consume();
            }
        });
    }

    private static Tab tab(String title, javafx.scene.Node content, javafx.scene.Node icon, String id) {
        Tab tab = new Tab(title, content);
        tab.setGraphic(icon);
        tab.setId(id);
        return tab;
    }

    private void openSpec() {
        FileChooser chooser = specChooser("Open spec");
        File file = chooser.showOpenDialog(stage);
        if (file != null) {
            vm.attack().loadFile(file.toPath());
            vm.panelProperty().set(WorkbenchViewModel.Panel.ATTACK);
        }
    }

    private void saveSpec() {
        FileChooser chooser = specChooser("Save spec");
        chooser.setInitialFileName(vm.attack().getMethod() == null ? "spec.json" : vm.attack().getMethod().name() + ".json");
        File file = chooser.showSaveDialog(stage);
        if (file != null) {
            vm.attack().saveFile(file.toPath());
        }
    }

    private FileChooser specChooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Spec (JSON)", "*.json"));
        Path dir = vm.samplesDir();
        if (dir != null && dir.toFile().isDirectory()) {
            chooser.setInitialDirectory(dir.toFile());
        }
        return chooser;
    }

    /** Closes the window as its close button does (asking first if a run is going). */
    public void requestClose() {
        if (vm.isBusy()) {
            closeWithRuns();
        } else {
            remember();
            stage.close();
        }
    }

    private void closeWithRuns() {
        int count = vm.activeRuns();
        boolean stopIt = Dialogs.confirm(stage, count == 1 ? "A run is going" : count + " runs are going or queued",
                "Closing stops " + (count == 1 ? "it" : "them") + ". Each run folder keeps what was reached, with"
                        + " status cancelled in its report.json.", "Stop and close", "Keep running");
        if (!stopIt) {
            return;
        }
        closing = true;
        root.setDisable(true);
        stage.setTitle(TITLE + " — stopping the run…");
        vm.cancelRuns();
        // The runs answer within one iteration; the window waits for their folders, then closes.
        vm.whenIdle().orTimeout(60, TimeUnit.SECONDS).whenComplete((ok, timeout) -> Platform.runLater(() -> {
            remember();
            stage.close();
        }));
    }

    private void remember() {
        if (stage.isShowing()) {
            vm.settings().setWindow(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
        }
        vm.saveState();
    }

    private void restoreBounds() {
        double[] w = vm.settings().getWindow();
        if (w == null) {
            return;
        }
        boolean visible = Screen.getScreens().stream()
                .anyMatch(s -> s.getVisualBounds().intersects(w[0], w[1], Math.max(100, w[2]), Math.max(100, w[3])));
        if (!visible) {
            return;
        }
        stage.setX(w[0]);
        stage.setY(w[1]);
        stage.setWidth(Math.max(900, w[2]));
        stage.setHeight(Math.max(600, w[3]));
        stage.setMaximized(w[4] == 1);
    }
}
