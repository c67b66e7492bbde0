package org.invwb.app.gui;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.invwb.app.gui.DataViewModel.ClassCount;
import org.invwb.core.data.FloatImage;
import org.invwb.visualizers.ImageGridView;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;

/**
 * The Data panel (models are in the Models panel): choose a source, see its images a page at a time with
 * their labels, and how many images each class has. Binds only to {@link DataViewModel}.
 */
final class DataView extends BorderPane {

    private final DataViewModel vm;
    private final ImageGridView grid = new ImageGridView();

    DataView(DataViewModel vm) {
        this.vm = vm;
        getStyleClass().add("data-view");
        setPadding(new Insets(10, 12, 10, 12));

        ComboBox<String> source = new ComboBox<>(vm.choices());
        source.setId("data-source");
        source.setEditable(true);
        source.setPrefWidth(360);
        source.valueProperty().bindBidirectional(vm.sourceProperty());
        source.setOnAction(e -> vm.load());
        source.setTooltip(new Tooltip("bundled:NAME, a folder of images (one sub-folder per class), a folder or file"
                + " of IDX (MNIST family), or a CIFAR-10/100 .bin file"));
        Button file = new Button("File…", Icons.of(MaterialDesignF.FILE_OUTLINE));
        file.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setTitle("A data file: IDX images, CIFAR .bin, or an image");
            File picked = chooser.showOpenDialog(getScene().getWindow());
            if (picked != null) {
                vm.sourceProperty().set(picked.getAbsolutePath());
                vm.load();
            }
        });
        Button folder = new Button("Folder…", Icons.of(MaterialDesignF.FOLDER_OPEN));
        folder.setOnAction(e -> {
            File picked = new DirectoryChooser().showDialog(getScene().getWindow());
            if (picked != null) {
                vm.sourceProperty().set(picked.getAbsolutePath());
                vm.load();
            }
        });
        Button show = new Button("Show", Icons.of(MaterialDesignI.IMAGE_MULTIPLE));
        show.setId("data-show");
        show.getStyleClass().add("accent");
        show.setOnAction(e -> vm.load());
        show.disableProperty().bind(vm.loadingProperty());
        Label notice = new Label();
        notice.setId("data-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        vm.noticeProperty().addListener((o, a, b) -> AttackView.showNotice(notice, b));
        Label sourceLabel = new Label("Data source");
        sourceLabel.getStyleClass().add("form-label");
        sourceLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox bar = new HBox(8, sourceLabel, source, file, folder, show, notice);
        bar.setAlignment(Pos.CENTER_LEFT);
        Label summary = new Label();
        summary.setId("data-summary");
        summary.getStyleClass().add("run-title");
        summary.textProperty().bind(vm.summaryProperty());
        VBox top = new VBox(8, bar, summary);
        top.setPadding(new Insets(0, 0, 8, 0));

        grid.setId("data-grid");
        grid.setPlaceholder("Choose a data source and press Show to see its images.");
        vm.pageImagesProperty().addListener((o, a, b) -> refreshGrid());
        TableView<ClassCount> counts = new TableView<>(vm.classCounts());
        counts.setId("data-classes");
        counts.setPlaceholder(new Label("No labels"));
        TableColumn<ClassCount, String> name = new TableColumn<>("Class");
        name.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().label() + "  " + d.getValue().name()));
        name.setPrefWidth(170);
        TableColumn<ClassCount, Number> count = new TableColumn<>("Images");
        count.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().count()));
        count.setStyle("-fx-alignment: CENTER-RIGHT;");
        count.setPrefWidth(80);
        counts.getColumns().add(name);
        counts.getColumns().add(count);
        counts.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        counts.setMinWidth(220);
        SplitPane split = new SplitPane(grid, counts);
        split.setDividerPositions(0.78);
        SplitPane.setResizableWithParent(counts, false);

        Button previous = new Button("Previous", Icons.of(MaterialDesignC.CHEVRON_LEFT));
        previous.setId("data-previous");
        previous.setOnAction(e -> vm.previousPage());
        previous.disableProperty().bind(vm.pageProperty().lessThanOrEqualTo(0));
        Button next = new Button("Next", Icons.of(MaterialDesignC.CHEVRON_RIGHT));
        next.setId("data-next");
        next.setOnAction(e -> vm.nextPage());
        next.disableProperty().bind(vm.pageProperty().greaterThanOrEqualTo(vm.pageCountProperty().subtract(1)));
        Label page = new Label();
        page.setId("data-page");
        page.textProperty().bind(vm.pageTextProperty());
        HBox pager = new HBox(10, previous, page, next);
        pager.setAlignment(Pos.CENTER);
        pager.setPadding(new Insets(8, 0, 0, 0));

        setTop(top);
        setCenter(split);
        setBottom(pager);
    }

    /** The page in rows of {@link DataViewModel#COLUMNS}, each image captioned with its label. */
    private void refreshGrid() {
        List<FloatImage> images = vm.pageImagesProperty().get();
        List<String> captions = vm.pageCaptionsProperty().get();
        List<ImageGridView.Row> rows = new ArrayList<>();
        int first = vm.pageProperty().get() * DataViewModel.PAGE_SIZE;
        for (int i = 0; i < images.size(); i += DataViewModel.COLUMNS) {
            int to = Math.min(images.size(), i + DataViewModel.COLUMNS);
            rows.add(new ImageGridView.Row((first + i + 1) + "–" + (first + to), images.subList(i, to), captions.subList(i, to)));
        }
        grid.setRows(rows);
    }
}
