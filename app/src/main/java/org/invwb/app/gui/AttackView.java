package org.invwb.app.gui;

import java.io.File;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.invwb.core.run.MethodDescriptor;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/**
 * The Attack panel: family and method, seed and description, then one property sheet per spec section
 * built from the method's declarations, and the actions. Drop an image file anywhere on it to attack
 * that image. Binds only to {@link AttackViewModel}.
 */
final class AttackView extends BorderPane {

    private final AttackViewModel vm;
    private final VBox sectionsBox = new VBox(10);
    private final Button runButton = new Button("Run", Icons.of(MaterialDesignP.PLAY));

    /**
     * @param openSpec asks for a spec file and loads it (the window owns file choosers)
     * @param saveSpec asks where to save the spec and saves it
     */
    AttackView(AttackViewModel vm, Runnable openSpec, Runnable saveSpec) {
        this.vm = vm;
        getStyleClass().add("attack-view");
        setPadding(new Insets(12));

        ComboBox<String> family = new ComboBox<>(vm.families());
        family.setId("family");
        family.valueProperty().bindBidirectional(vm.familyProperty());
        ComboBox<MethodDescriptor> method = new ComboBox<>(vm.methods());
        method.setId("method");
        method.valueProperty().bindBidirectional(vm.methodProperty());
        method.setCellFactory(l -> new MethodCell());
        method.setButtonCell(new MethodCell());
        method.setPrefWidth(160);
        Label info = new Label();
        info.getStyleClass().add("method-info");
        info.textProperty().bind(vm.methodInfoProperty());
        info.setWrapText(true);

        TextField seed = new TextField();
        seed.setId("seed");
        seed.setPrefColumnCount(8);
        seed.textProperty().bindBidirectional(vm.seedProperty());
        seed.setTooltip(new Tooltip("random seed; the same seed repeats the run"));
        Label seedError = errorLabel();
        seedError.textProperty().bind(vm.seedErrorProperty());
        TextField description = new TextField();
        description.setId("description");
        description.setPromptText("free text kept with the run");
        description.textProperty().bindBidirectional(vm.descriptionProperty());

        GridPane head = new GridPane();
        head.setHgap(10);
        head.setVgap(6);
        head.addRow(0, label("Family"), family, label("Method"), method, info);
        GridPane.setHgrow(info, Priority.ALWAYS);
        head.addRow(1, label("Seed"), seed, label("Description"), description);
        GridPane.setColumnSpan(description, 2);
        head.add(seedError, 1, 2, 4, 1);

        sectionsBox.setPadding(new Insets(4, 2, 4, 2));
        ScrollPane scroll = new ScrollPane(sectionsBox);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("form-scroll");
        vm.sections().addListener((ListChangeListener<AttackViewModel.FormSection>) c -> buildSections());
        buildSections();

        runButton.setId("run");
        runButton.getStyleClass().add("accent");
        runButton.setDefaultButton(false);
        runButton.disableProperty().bind(vm.validProperty().not());
        runButton.textProperty().bind(Bindings.when(vm.busyProperty()).then("Queue run").otherwise("Run"));
        runButton.setTooltip(new Tooltip("Run the attack (Ctrl+R); with a run going, it queues behind it"));
        runButton.setOnAction(e -> vm.run());
        Button open = new Button("Open spec…", Icons.of(MaterialDesignF.FOLDER_OPEN));
        open.setOnAction(e -> openSpec.run());
        Button save = new Button("Save spec…", Icons.of(MaterialDesignC.CONTENT_SAVE));
        save.setOnAction(e -> saveSpec.run());
        Button reset = new Button("Defaults", Icons.of(MaterialDesignR.RESTORE));
        reset.setTooltip(new Tooltip("Every value back to the method's declared default"));
        reset.setOnAction(e -> vm.resetToDefaults());
        Label notice = new Label();
        notice.setId("attack-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        vm.noticeProperty().addListener((o, old, now) -> showNotice(notice, now));
        showNotice(notice, vm.getNotice());
        Label hint = new Label("Drop an image file on this panel to attack it.");
        hint.getStyleClass().add("hint");
        HBox actions = new HBox(8, runButton, open, save, reset, notice);
        actions.setAlignment(Pos.CENTER_LEFT);
        VBox bottom = new VBox(6, actions, hint);
        bottom.setPadding(new Insets(10, 0, 0, 0));

        VBox top = new VBox(8, head);
        top.setPadding(new Insets(0, 0, 10, 0));
        setTop(top);

        Label specHeading = new Label("Spec");
        specHeading.getStyleClass().add("section-heading");
        TextArea spec = new TextArea();
        spec.setId("spec-preview");
        spec.setEditable(false);
        spec.setWrapText(true);
        spec.getStyleClass().add("report-text");
        spec.textProperty().bind(vm.specPreviewProperty());
        Label specHint = new Label("Save spec… writes this file. ./invwb run FILE --out DIR runs it without the"
                + " window and gives the same numbers.");
        specHint.getStyleClass().add("hint");
        specHint.setWrapText(true);
        VBox specBox = new VBox(6, specHeading, spec, specHint);
        VBox.setVgrow(spec, Priority.ALWAYS);
        specBox.setPadding(new Insets(0, 0, 0, 10));
        SplitPane split = new SplitPane(scroll, specBox);
        split.setDividerPositions(0.64);
        setCenter(split);
        setBottom(bottom);
        enableDrop();
    }

    private void buildSections() {
        sectionsBox.getChildren().clear();
        for (AttackViewModel.FormSection section : vm.sections()) {
            Label heading = new Label(section.name());
            heading.getStyleClass().add("section-heading");
            PropertySheet sheet = new PropertySheet();
            sheet.setId("section-" + section.name());
            sheet.setModeSwitcherVisible(false);
            sheet.setSearchBoxVisible(false);
            sheet.setMode(PropertySheet.Mode.NAME);
            sheet.setPropertyEditorFactory(FieldEditors::editor);
            List<PropertySheet.Item> items = section.fields().stream().map(FieldEditors::item).toList();
            sheet.getItems().setAll(items);
            sheet.getStyleClass().add("param-sheet");
            sectionsBox.getChildren().addAll(heading, sheet);
        }
    }

    private void enableDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles() && e.getDragboard().getFiles().size() == 1) {
                e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            boolean done = files.size() == 1 && vm.setDataSource(files.get(0).toPath());
            e.setDropCompleted(done);
            e.consume();
        });
    }

    /** Runs the attack, as the Run button does (Ctrl+R). */
    void run() {
        if (!runButton.isDisabled()) {
            vm.run();
        }
    }

    static void showNotice(Label label, Notice notice) {
        label.setText(notice.text());
        label.getStyleClass().removeAll("notice-info", "notice-success", "notice-warning", "notice-error");
        label.getStyleClass().add("notice-" + notice.tone().name().toLowerCase(java.util.Locale.ROOT));
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("form-label");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label errorLabel() {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    private static final class MethodCell extends ListCell<MethodDescriptor> {
        @Override
        protected void updateItem(MethodDescriptor item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : item.name());
        }
    }
}
