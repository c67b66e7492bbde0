package org.invwb.app.gui;

import org.invwb.app.notes.ScalarNames;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.invwb.core.run.JobState;
import org.invwb.core.run.LiveChange;
import org.invwb.core.run.Progress;
import org.invwb.core.run.Snapshot;
import org.invwb.visualizers.FramePacer;
import org.invwb.visualizers.FxImages;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.LiveChart;
import org.invwb.visualizers.MetricTile;
import org.invwb.visualizers.TrajectoryStrip;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Live panel: ground truth above the matched reconstruction, a scrubber over the snapshots, the
 * current values large, the objective and image-quality curves, the run controls, and the result once
 * the run has ended. The run's events ask for frames (at most 20 a second); binds only to {@link LiveViewModel}.
 */
final class LiveView extends BorderPane {

    /** Chart text in teaching mode, as the window's type grows from 13 to 18 px. */
    private static final double TEACHING_FONT_SCALE = 1.25;

    private final LiveViewModel vm;
    private final ImageGridView grid = new ImageGridView();
    private final RunCharts charts = new RunCharts();
    private final LiveChart objective = charts.objective();
    private final LiveChart quality = charts.quality();
    private final FlowPane tiles = new FlowPane(10, 10);
    private final Map<String, MetricTile> scalarTiles = new LinkedHashMap<>();
    private final MetricTile iterationTile = new MetricTile("iteration", "%.0f", "");
    private final MetricTile rateTile = new MetricTile("speed", "%.2f", "it/s");
    private final MetricTile leftTile = new MetricTile("time left", "%.0f", "");
    private final Slider scrubber = new Slider(0, 0, 0);
    private final TrajectoryStrip strip = new TrajectoryStrip();
    /** Each snapshot's thumbnail, made once when it arrives; kept while the snapshot is. */
    private final Map<Snapshot, Image> thumbnails = new IdentityHashMap<>();
    private final Label scrubLabel = new Label();
    private boolean scrubbing;
    private final ObservableBooleanValue teaching;

    LiveView(LiveViewModel vm, ObservableBooleanValue dark, ObservableBooleanValue teaching) {
        this.vm = vm;
        this.teaching = teaching;
        getStyleClass().add("live-view");
        setPadding(new Insets(10, 12, 10, 12));

        objective.setId("objective-chart");
        quality.setId("quality-chart");
        dark.addListener((o, old, now) -> charts.setDark(now));
        charts.setDark(dark.get());

        setTop(new VBox(toolbar(), liveParameters()));
        TeachingView notes = new TeachingView(vm);
        notes.visibleProperty().bind(teaching);
        notes.managedProperty().bind(teaching);
        SplitPane body = body();
        VBox.setVgrow(body, Priority.ALWAYS);
        setCenter(new VBox(8, notes, body));
        teaching.addListener((o, old, now) -> charts.setFontScale(now ? TEACHING_FONT_SCALE : 1));
        charts.setFontScale(teaching.get() ? TEACHING_FONT_SCALE : 1);
        teaching.addListener((o, old, now) -> scalarTiles.values().forEach(this::showTile));
        setBottom(result());

        vm.points().addListener((ListChangeListener<Progress>) this::pointsChanged);
        vm.latest().addListener((MapChangeListener<String, Double>) this::scalarChanged);
        vm.changes().addListener((ListChangeListener<LiveChange>) this::changesMade);
        vm.groundTruthProperty().addListener((o, a, b) -> refreshGrid());
        vm.reconstructionProperty().addListener((o, a, b) -> refreshGrid());
        vm.reconstructionCaptionsProperty().addListener((o, a, b) -> refreshGrid());
        vm.reconstructionTitleProperty().addListener((o, a, b) -> refreshGrid());
        vm.iterationProperty().addListener((o, a, b) -> showIteration());
        vm.plannedProperty().addListener((o, a, b) -> showIteration());
        vm.rateTextProperty().addListener((o, a, b) -> rateTile.setText(b));
        vm.timeLeftTextProperty().addListener((o, a, b) -> leftTile.setText(b.replace(" left", "")));
        vm.sessionProperty().addListener((o, a, b) -> {
            rateTile.clear();
            leftTile.clear();
            showIteration();
        });
        refreshGrid();
        showIteration();

        // A frame when the run has sent something, at most 20 a second; nothing ticks while nothing comes.
        FramePacer frames = new FramePacer(Platform::runLater, vm::drain, FramePacer.DEFAULT_INTERVAL_NANOS);
        vm.setOnArrival(frames::request);
    }

    private HBox toolbar() {
        Label title = new Label();
        title.setId("live-title");
        title.getStyleClass().add("run-title");
        title.textProperty().bind(vm.titleProperty());
        Label state = new Label();
        state.setId("live-state");
        state.getStyleClass().add("run-state");
        state.textProperty().bind(Bindings.createStringBinding(this::stateText, vm.stateProperty(),
                vm.pauseRequestedProperty(), vm.endedProperty()));
        state.visibleProperty().bind(state.textProperty().isNotEmpty());

        Button pause = new Button();
        pause.setId("pause");
        pause.textProperty().bind(Bindings.when(paused()).then("Resume").otherwise("Pause"));
        pause.graphicProperty().bind(Bindings.when(paused()).then(Icons.of(MaterialDesignP.PLAY))
                .otherwise(Icons.of(MaterialDesignP.PAUSE)));
        pause.setTooltip(new Tooltip("Pause or resume the run (Space)"));
        pause.setOnAction(e -> vm.togglePause());
        Button step = new Button("Step", Icons.of(MaterialDesignS.STEP_FORWARD));
        step.setId("step");
        step.setTooltip(new Tooltip("Run one more iteration, then pause (Ctrl+Right)"));
        step.setOnAction(e -> vm.step());
        Button stop = new Button("Stop", Icons.of(MaterialDesignS.STOP));
        stop.setId("stop");
        stop.getStyleClass().add("danger");
        stop.setTooltip(new Tooltip("Stop the run; its folder keeps what it reached (Ctrl+.)"));
        stop.setOnAction(e -> vm.stop());
        var idle = vm.sessionProperty().isNull().or(vm.endedProperty());
        pause.disableProperty().bind(idle);
        step.disableProperty().bind(idle);
        stop.disableProperty().bind(idle);

        MenuButton export = ExportMenu.button("live-export",
                () -> vm.sessionProperty().get() == null ? null : vm.sessionProperty().get().runDir(), List.of(
                new ExportMenu.Item("Image grid (PNG)…", "images.png", "PNG image", grid::writePng),
                new ExportMenu.Item("Objective chart (PNG)…", "objective.png", "PNG image", f -> objective.writePng(f,
                        RunExports.CHART_WIDTH, RunExports.CHART_HEIGHT)),
                new ExportMenu.Item("Image-quality chart (PNG)…", "image-quality.png", "PNG image", f -> quality.writePng(f,
                        RunExports.CHART_WIDTH, RunExports.CHART_HEIGHT)),
                new ExportMenu.Item("Curves (CSV)…", "curves.csv", "CSV table", f -> RunExports.writeCurvesCsv(vm.points(), f)),
                new ExportMenu.Item("Spec to re-run (JSON)…", "spec.json", "Spec (JSON)",
                        f -> RunExports.copySpec(vm.sessionProperty().get().runDir(), f))));
        export.setTooltip(new Tooltip("Save the images, a chart, every curve point or the spec (./invwb run re-runs it)"));
        export.disableProperty().bind(vm.sessionProperty().isNull());

        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, title, state, spring, pause, step, stop, export);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(0, 0, 8, 0));
        return bar;
    }

    /** A field and an Apply button for each parameter the run may change while it goes (e.g. lr). */
    private HBox liveParameters() {
        HBox box = new HBox(8);
        box.setId("live-parameters");
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(0, 0, 8, 0));
        Label notice = new Label();
        notice.setId("live-notice");
        vm.liveNoticeProperty().addListener((o, a, b) -> AttackView.showNotice(notice, b));
        Runnable build = () -> {
            box.getChildren().clear();
            if (vm.liveFields().isEmpty()) {
                return;
            }
            Label title = new Label("Change while it runs:");
            title.getStyleClass().add("form-label");
            title.setMinWidth(Region.USE_PREF_SIZE);
            box.getChildren().add(title);
            for (ParamField field : vm.liveFields()) {
                Label name = new Label(field.label());
                name.setMinWidth(Region.USE_PREF_SIZE);
                TextField value = new TextField();
                value.setId("live-" + field.path().replace('.', '-'));
                value.setPrefColumnCount(6);
                value.textProperty().bindBidirectional(field.textProperty());
                value.setTooltip(new Tooltip(field.help()));
                Button apply = new Button("Apply");
                apply.setId("apply-" + field.path().replace('.', '-'));
                apply.disableProperty().bind(field.errorProperty().isNotEmpty().or(vm.endedProperty()));
                apply.setOnAction(e -> vm.applyLive(field));
                value.setOnAction(e -> vm.applyLive(field));
                box.getChildren().addAll(name, value, apply);
            }
            box.getChildren().add(notice);
        };
        vm.liveFields().addListener((ListChangeListener<ParamField>) c -> build.run());
        build.run();
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.liveFields()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    /** Each live change is a dashed line on both charts at the first iteration that used it. */
    private void changesMade(ListChangeListener.Change<? extends LiveChange> change) {
        while (change.next()) {
            if (change.wasAdded()) {
                for (LiveChange c : change.getAddedSubList()) {
                    charts.mark(c.iteration(), c.name() + " → " + ParamField.format(c.to()));
                }
            }
        }
    }

    private ObservableBooleanValue paused() {
        return vm.pauseRequestedProperty().or(vm.stateProperty().isEqualTo(JobState.PAUSED));
    }

    private String stateText() {
        JobState s = vm.stateProperty().get();
        if (s == null) {
            return "";
        }
        if (s == JobState.RUNNING && vm.pauseRequestedProperty().get()) {
            return "pausing…";
        }
        return switch (s) {
            case QUEUED -> "queued";
            case RUNNING -> "running";
            case PAUSED -> "paused";
            case DONE -> "done";
            case CANCELLED -> "cancelled";
            case FAILED -> "failed";
        };
    }

    private SplitPane body() {
        grid.setId("live-grid");
        grid.setPlaceholder("Start a run from the Attack panel (Ctrl+R) to watch it here.");
        scrubber.setId("scrubber");
        scrubber.setBlockIncrement(1);
        scrubber.setMajorTickUnit(1);
        scrubber.setMinorTickCount(0);
        scrubber.setSnapToTicks(true);
        scrubber.setDisable(true);
        HBox.setHgrow(scrubber, Priority.ALWAYS);
        scrubLabel.setId("scrub-label");
        scrubLabel.getStyleClass().add("hint");
        scrubLabel.setMinWidth(Region.USE_PREF_SIZE);
        vm.snapshots().addListener((ListChangeListener<Object>) c -> syncScrubber());
        vm.shownSnapshotProperty().addListener((o, a, b) -> syncScrubber());
        scrubber.valueProperty().addListener((o, a, b) -> {
            if (!scrubbing) {
                scrubTo((int) Math.round(b.doubleValue()));
            }
        });
        Label scrubTitle = new Label("Snapshots");
        scrubTitle.setMinWidth(Region.USE_PREF_SIZE);
        HBox scrub = new HBox(8, scrubTitle, scrubber, scrubLabel);
        scrub.setAlignment(Pos.CENTER_LEFT);

        strip.setId("trajectory-strip");
        strip.visibleProperty().bind(vm.trajectoryProperty());
        strip.managedProperty().bind(vm.trajectoryProperty());
        strip.setOnSelect(this::scrubTo);
        vm.snapshots().addListener(this::snapshotsChanged);
        vm.shownSnapshotProperty().addListener((o, a, b) -> strip.select(b.intValue()));
        VBox left = new VBox(6, grid, scrub, strip);
        VBox.setVgrow(grid, Priority.ALWAYS);
        left.setPadding(new Insets(0, 8, 0, 0));

        tiles.setId("metric-tiles");
        tiles.getChildren().addAll(iterationTile, rateTile, leftTile);
        iterationTile.setId("tile-iteration");
        VBox charts = new VBox(8, tiles, objective, quality);
        VBox.setVgrow(objective, Priority.ALWAYS);
        VBox.setVgrow(quality, Priority.ALWAYS);
        charts.setPadding(new Insets(0, 0, 0, 8));

        SplitPane split = new SplitPane(left, charts);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.42);
        return split;
    }

    private VBox result() {
        Label text = new Label();
        text.setId("result");
        text.setWrapText(true);
        text.setMaxWidth(Double.MAX_VALUE);
        text.getStyleClass().add("result-text");
        text.textProperty().bind(vm.resultTextProperty());
        VBox box = new VBox(text);
        box.getStyleClass().add("result-box");
        vm.failedProperty().addListener((o, a, b) -> {
            box.getStyleClass().remove("failed");
            if (b) {
                box.getStyleClass().add("failed");
            }
        });
        box.visibleProperty().bind(vm.resultTextProperty().isNotEmpty());
        box.managedProperty().bind(box.visibleProperty());
        VBox outer = new VBox(box);
        outer.setPadding(new Insets(8, 0, 0, 0));
        outer.visibleProperty().bind(box.visibleProperty());
        outer.managedProperty().bind(box.visibleProperty());
        return outer;
    }

    /** Shows snapshot {@code at}, following the newest again when it is the last. */
    private void scrubTo(int at) {
        int last = vm.snapshots().size() - 1;
        vm.followingProperty().set(at >= last);
        vm.shownSnapshotProperty().set(Math.min(at, last));
    }

    /**
     * Keeps the trajectory strip in step with the snapshots: a new snapshot appends its thumbnail; a
     * thinned or cleared list rebuilds the strip from the thumbnails already made.
     */
    private void snapshotsChanged(ListChangeListener.Change<? extends Snapshot> change) {
        if (!vm.trajectoryProperty().get()) {
            if (strip.size() > 0) {
                strip.setAll(List.of(), List.of());
                thumbnails.clear();
            }
            return;
        }
        boolean appended = true;
        while (change.next()) {
            appended &= !change.wasRemoved() && change.getFrom() == strip.size();
            if (appended) {
                change.getAddedSubList().forEach(s -> strip.add(thumbnail(s), caption(s)));
            }
        }
        if (!appended) {
            Map<Snapshot, Image> kept = new IdentityHashMap<>();
            List<Image> images = new java.util.ArrayList<>();
            List<String> captions = new java.util.ArrayList<>();
            for (Snapshot s : vm.snapshots()) {
                Image image = thumbnail(s);
                kept.put(s, image);
                images.add(image);
                captions.add(caption(s));
            }
            thumbnails.clear();
            thumbnails.putAll(kept);
            strip.setAll(images, captions);
        }
        strip.select(vm.shownSnapshotProperty().get());
    }

    /** The first image of the snapshot, made once. */
    private Image thumbnail(Snapshot s) {
        return thumbnails.computeIfAbsent(s, k -> FxImages.toImage(k.images().get(0)));
    }

    private static String caption(Snapshot s) {
        return "iteration " + s.iteration();
    }

    private void syncScrubber() {
        scrubbing = true;
        try {
            int count = vm.snapshots().size();
            scrubber.setDisable(count < 2);
            scrubber.setMax(Math.max(0, count - 1));
            int shown = vm.shownSnapshotProperty().get();
            scrubber.setValue(Math.max(0, shown));
            if (count == 0 || shown < 0) {
                scrubLabel.setText("none yet");
            } else {
                scrubLabel.setText((shown + 1) + " of " + count + " · iteration " + vm.snapshots().get(shown).iteration());
            }
        } finally {
            scrubbing = false;
        }
    }

    private void pointsChanged(ListChangeListener.Change<? extends Progress> change) {
        while (change.next()) {
            if (change.wasRemoved() && vm.points().isEmpty()) {
                charts.clear();
            }
            if (change.wasAdded()) {
                change.getAddedSubList().forEach(charts::append);
            }
        }
    }

    private void scalarChanged(MapChangeListener.Change<? extends String, ? extends Double> change) {
        if (change.wasRemoved() && !change.wasAdded()) {
            MetricTile tile = scalarTiles.remove(change.getKey());
            if (tile != null) {
                tiles.getChildren().remove(tile);
            }
            return;
        }
        String name = change.getKey();
        MetricTile tile = scalarTiles.computeIfAbsent(name, n -> {
            MetricTile t = new MetricTile(ScalarNames.display(n), "%s", "");
            t.setId("tile-" + n);
            showTile(t);
            tiles.getChildren().add(tiles.getChildren().size() - 3, t);
            return t;
        });
        tile.setText(LiveViewModel.format(name, change.getValueAdded()));
    }

    /** In teaching mode the run's values sit beside the equation, so their tiles step aside for the curves. */
    private void showTile(MetricTile tile) {
        boolean shown = !teaching.get();
        tile.setVisible(shown);
        tile.setManaged(shown);
    }

    private void showIteration() {
        int it = vm.iterationProperty().get();
        int plan = vm.plannedProperty().get();
        if (vm.sessionProperty().get() == null) {
            iterationTile.clear();
        } else {
            // past the plan (a method whose plan undercounts what it runs) the count stands alone
            iterationTile.setText(plan > 0 && it <= plan ? it + " / " + plan : Integer.toString(it));
        }
    }

    private void refreshGrid() {
        List<ImageGridView.Row> rows = new java.util.ArrayList<>();
        if (!vm.groundTruthProperty().get().isEmpty()) {
            rows.add(new ImageGridView.Row("ground truth", vm.groundTruthProperty().get()));
        }
        if (!vm.reconstructionProperty().get().isEmpty()) {
            rows.add(new ImageGridView.Row(vm.reconstructionTitleProperty().get(), vm.reconstructionProperty().get(),
                    vm.reconstructionCaptionsProperty().get()));
        }
        grid.setRows(rows);
    }

    /** For the window's shortcuts. */
    LiveViewModel viewModel() {
        return vm;
    }
}
