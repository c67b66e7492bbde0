package org.invwb.app.gui;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.invwb.app.gui.RunsViewModel.RunRow;
import org.invwb.visualizers.ImageGridView;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The Runs panel: every run folder in the runs directory with its status, method, PSNR, SSIM and time;
 * the selected one's final picture and report; re-run it from its spec, or export it. Binds only to {@link RunsViewModel}.
 */
final class RunsView extends BorderPane {

    private final RunsViewModel vm;

    RunsView(RunsViewModel vm) {
        this.vm = vm;
        getStyleClass().add("runs-view");
        setPadding(new Insets(10, 12, 10, 12));

        TableView<RunRow> table = new TableView<>(vm.rows());
        table.setId("runs-table");
        table.setPlaceholder(new Label("No runs yet. Runs started here or with ./invwb run --out into this folder appear here."));
        table.getColumns().add(column("Run", RunRow::name, 190));
        TableColumn<RunRow, String> status = column("Status", RunRow::status, 80);
        status.setCellFactory(c -> new StatusCell());
        table.getColumns().add(status);
        table.getColumns().add(column("Method", RunRow::method, 80));
        table.getColumns().add(number("PSNR", RunRow::psnr, "%.2f dB"));
        table.getColumns().add(number("SSIM", RunRow::ssim, "%.4f"));
        table.getColumns().add(column("Iterations", r -> Integer.toString(r.iterations()), 80));
        table.getColumns().add(number("Time (s)", RunRow::seconds, "%.1f"));
        table.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        vm.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        table.setRowFactory(t -> {
            var row = new javafx.scene.control.TableRow<RunRow>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.rerunSelected();
                }
            });
            return row;
        });

        Button refresh = new Button("Refresh", Icons.of(MaterialDesignR.REFRESH));
        refresh.setOnAction(e -> vm.refresh());
        Button rerun = new Button("Re-run…", Icons.of(MaterialDesignR.REPLAY));
        rerun.setId("rerun");
        rerun.setTooltip(new Tooltip("Load this run's spec into the Attack panel, to run it again as it was or changed"));
        rerun.disableProperty().bind(vm.selectedProperty().isNull());
        rerun.setOnAction(e -> vm.rerunSelected());
        Button round = new Button("Show round", Icons.of(org.kordamp.ikonli.materialdesign2.MaterialDesignA.ACCESS_POINT_NETWORK));
        round.setId("runs-show-round");
        round.setTooltip(new Tooltip("See what the server received in this federated round, and attack it"));
        round.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !RunsViewModel.isRound(vm.selectedProperty().get()), vm.selectedProperty()));
        round.setOnAction(e -> vm.showSelectedRound());
        Button compare = new Button("Compare", Icons.of(MaterialDesignC.COMPARE));
        compare.setId("compare-runs");
        compare.setTooltip(new Tooltip("Select two or more runs (Ctrl/Shift-click) to compare them side by side"));
        compare.disableProperty().bind(javafx.beans.binding.Bindings.size(table.getSelectionModel().getSelectedItems()).lessThan(2));
        compare.setOnAction(e -> vm.compare(List.copyOf(table.getSelectionModel().getSelectedItems())));
        javafx.scene.control.MenuItem compareItem = new javafx.scene.control.MenuItem("Compare selected runs");
        compareItem.setOnAction(e -> vm.compare(List.copyOf(table.getSelectionModel().getSelectedItems())));
        javafx.scene.control.MenuItem rerunItem = new javafx.scene.control.MenuItem("Re-run…");
        rerunItem.setOnAction(e -> vm.rerunSelected());
        table.setContextMenu(new javafx.scene.control.ContextMenu(compareItem, rerunItem));
        java.util.function.Supplier<java.nio.file.Path> dir = () -> vm.selectedProperty().get() == null ? null
                : vm.selectedProperty().get().dir();
        javafx.scene.control.MenuButton export = ExportMenu.button("runs-export", dir, List.of(
                new ExportMenu.Item("Final images (PNG)…", "final.png", "PNG image", f -> RunExports.copyFinalPicture(dir.get(), f)),
                new ExportMenu.Item("Objective chart (PNG)…", "objective.png", "PNG image", f -> RunCharts.of(
                        RunExports.readProgress(dir.get())).objective().writePng(f, RunExports.CHART_WIDTH, RunExports.CHART_HEIGHT)),
                new ExportMenu.Item("Image-quality chart (PNG)…", "image-quality.png", "PNG image", f -> RunCharts.of(
                        RunExports.readProgress(dir.get())).quality().writePng(f, RunExports.CHART_WIDTH, RunExports.CHART_HEIGHT)),
                new ExportMenu.Item("Curves (CSV)…", "curves.csv", "CSV table",
                        f -> RunExports.writeCurvesCsv(RunExports.readProgress(dir.get()), f)),
                new ExportMenu.Item("Spec to re-run (JSON)…", "spec.json", "Spec (JSON)", f -> RunExports.copySpec(dir.get(), f))));
        export.setTooltip(new Tooltip("Save this run's images, a chart, every curve point or its spec (./invwb run re-runs it)"));
        export.disableProperty().bind(vm.selectedProperty().isNull());
        Label folder = new Label();
        folder.getStyleClass().add("hint");
        folder.textProperty().bind(vm.folderTextProperty());
        HBox actions = new HBox(8, refresh, rerun, round, compare, export, folder);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(0, 0, 8, 0));

        ImageGridView picture = new ImageGridView();
        picture.setId("run-picture");
        picture.getStyleClass().add("run-picture");
        picture.setPrefSize(320, 320);
        picture.setPlaceholder("Select a run to see its final images and report.");
        vm.selectedPictureProperty().addListener((o, a, b) -> picture.setRows(b == null ? List.of()
                : List.of(new ImageGridView.Row("ground truth above reconstruction", List.of(b)))));
        vm.selectedProperty().addListener((o, a, b) -> picture.setPlaceholder(b == null
                ? "Select a run to see its final images and report." : "This run has no final.png."));
        TextArea report = new TextArea();
        report.setId("run-report");
        report.setEditable(false);
        report.getStyleClass().add("report-text");
        report.textProperty().bind(vm.selectedReportProperty());
        report.setPrefRowCount(10);
        VBox details = new VBox(8, picture, report);
        VBox.setVgrow(picture, Priority.ALWAYS);
        details.setPadding(new Insets(0, 0, 0, 8));
        details.setMinWidth(Region.USE_PREF_SIZE);

        SplitPane split = new SplitPane(table, details);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.6);
        setTop(actions);
        setCenter(split);
    }

    private static TableColumn<RunRow, String> column(String title, Function<RunRow, String> value, double width) {
        TableColumn<RunRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private static TableColumn<RunRow, Double> number(String title, Function<RunRow, Double> value, String format) {
        TableColumn<RunRow, Double> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? (empty ? null : "–") : String.format(Locale.ROOT, format, item));
            }
        });
        c.setStyle("-fx-alignment: CENTER-RIGHT;");
        c.setPrefWidth(80);
        return c;
    }

    private static final class StatusCell extends TableCell<RunRow, String> {
        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            getStyleClass().removeAll("status-done", "status-failed", "status-cancelled", "status-running");
            if (empty || item == null) {
                setText(null);
                return;
            }
            setText(item);
            getStyleClass().add("status-" + item);
        }
    }
}
