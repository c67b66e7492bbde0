package org.invwb.app.gui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.TilePane;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.invwb.app.gui.CompareViewModel.RunData;
import org.invwb.visualizers.CurveTable;
import org.invwb.visualizers.ImageGridView;
import org.invwb.visualizers.LiveChart;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;

/**
 * The Compare panel: the final pictures of two or more runs side by side, each scalar's curves overlaid
 * (one chart per scalar, one curve per run), and a table of final metrics and differing parameters,
 * exported as CSV. Binds only to {@link CompareViewModel}.
 */
final class CompareView extends BorderPane {

    private final CompareViewModel vm;
    private final ImageGridView pictures = new ImageGridView();
    private final TilePane charts = new TilePane(8, 8);
    private final TableView<Map<String, String>> table;
    private final ObservableBooleanValue dark;

    CompareView(CompareViewModel vm, Supplier<Path> runsDir, ObservableBooleanValue dark) {
        this.vm = vm;
        this.dark = dark;
        getStyleClass().add("compare-view");
        setPadding(new Insets(10, 12, 10, 12));

        Button add = new Button("Add run…", Icons.of(MaterialDesignF.FOLDER_OPEN));
        add.setId("compare-add");
        add.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("Add a run folder");
            File dir = runsDir.get().toFile();
            if (dir.isDirectory()) {
                chooser.setInitialDirectory(dir);
            }
            File picked = chooser.showDialog(getScene().getWindow());
            if (picked != null) {
                vm.add(List.of(picked.toPath()));
            }
        });
        Button clear = new Button("Clear");
        clear.setOnAction(e -> vm.clear());
        Button export = new Button("Export CSV…", Icons.of(MaterialDesignE.EXPORT));
        export.setId("compare-export");
        export.setOnAction(e -> exportCsv());
        export.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(vm.rows()));
        Label hint = new Label("Select two or more runs in the Runs panel and choose Compare, or add run folders here.");
        hint.getStyleClass().add("hint");
        HBox actions = new HBox(8, add, clear, export, hint);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(0, 0, 8, 0));

        pictures.setId("compare-pictures");
        pictures.setPrefSize(320, 240);
        pictures.setPlaceholder("No runs to compare yet.");
        charts.setId("compare-charts");
        charts.setPrefColumns(3);
        charts.setPrefTileWidth(380);
        charts.setPrefTileHeight(230);

        table = new TableView<>(vm.rows());
        table.setId("compare-table");
        table.setPlaceholder(new Label("No runs to compare yet."));
        MenuItem copy = new MenuItem("Export CSV…");
        copy.setOnAction(e -> exportCsv());
        MenuItem remove = new MenuItem("Remove from comparison");
        remove.setOnAction(e -> {
            Map<String, String> row = table.getSelectionModel().getSelectedItem();
            if (row != null) {
                vm.loaded().stream().filter(r -> r.name().equals(row.get("run"))).findFirst()
                        .ifPresent(r -> vm.remove(r.dir()));
            }
        });
        table.setContextMenu(new ContextMenu(copy, remove));
        vm.columns().addListener((ListChangeListener<String>) c -> columns());
        vm.loaded().addListener((ListChangeListener<RunData>) c -> show());
        dark.addListener((o, was, now) -> charts.getChildren().forEach(n -> ((LiveChart) n).setDark(now)));

        javafx.scene.control.ScrollPane chartScroll = new javafx.scene.control.ScrollPane(charts);
        chartScroll.setFitToWidth(true);
        SplitPane top = new SplitPane(pictures, chartScroll);
        top.setDividerPositions(0.3);
        SplitPane split = new SplitPane(top, table);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.72);
        setTop(actions);
        setCenter(split);
    }

    private void columns() {
        table.getColumns().clear();
        for (String name : vm.columns()) {
            TableColumn<Map<String, String>, String> c = new TableColumn<>(name);
            c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().getOrDefault(name, "")));
            c.setPrefWidth(name.equals("run") ? 150 : Math.max(90, 8 * name.length() + 24));
            table.getColumns().add(c);
        }
    }

    private void show() {
        List<RunData> runs = vm.loaded();
        List<org.invwb.core.data.FloatImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (RunData r : runs) {
            if (r.picture() != null) {
                images.add(r.picture());
                captions.add(r.name());
            }
        }
        pictures.setRows(images.isEmpty() ? List.of()
                : List.of(new ImageGridView.Row("ground truth above reconstruction", images, captions)));
        Set<String> scalars = new LinkedHashSet<>();
        runs.forEach(r -> scalars.addAll(r.curves().keySet()));
        charts.getChildren().clear();
        for (String scalar : scalars) {
            LiveChart chart = new LiveChart(scalar, scalar, scalar.equals("gradientDistance"));
            chart.setId("compare-chart-" + scalar);
            chart.setDark(dark.get());
            for (RunData r : runs) {
                for (CurveTable.Point p : r.curves().getOrDefault(scalar, List.of())) {
                    chart.append(r.name(), p.iteration(), p.value());
                }
            }
            chart.flush();
            charts.getChildren().add(chart);
        }
    }

    private void exportCsv() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export the comparison as CSV");
        chooser.setInitialFileName("compare.csv");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            try {
                vm.exportCsv(file.toPath());
            } catch (IOException e) {
                Dialogs.error(getScene().getWindow(), "Cannot write " + file, e.getMessage());
            }
        }
    }
}
