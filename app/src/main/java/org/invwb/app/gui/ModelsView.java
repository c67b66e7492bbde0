package org.invwb.app.gui;

import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.invwb.app.gui.ModelsViewModel.ModelRow;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Models panel: the shipped models and the weights training runs wrote, with the model each fits and its
 * test accuracy; train a new one, or use one in the attack. Binds only to {@link ModelsViewModel}.
 */
final class ModelsView extends BorderPane {

    ModelsView(ModelsViewModel vm) {
        getStyleClass().add("models-view");
        setPadding(new Insets(10, 12, 10, 12));

        TableView<ModelRow> table = new TableView<>(vm.rows());
        table.setId("models-table");
        table.setPlaceholder(new Label("No models: the shipped ones are missing and no training run has written weights."));
        table.getColumns().add(column("Model", ModelRow::name, 200));
        table.getColumns().add(column("From", ModelRow::origin, 70));
        table.getColumns().add(column("Method", ModelRow::method, 110));
        table.getColumns().add(column("Fits", ModelRow::shape, 300));
        TableColumn<ModelRow, Double> accuracy = new TableColumn<>("Test accuracy");
        accuracy.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().testAccuracy()));
        accuracy.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Double item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * item));
            }
        });
        accuracy.setStyle("-fx-alignment: CENTER-RIGHT;");
        accuracy.setPrefWidth(110);
        table.getColumns().add(accuracy);
        table.getColumns().add(column("model.weights", ModelRow::source, 320));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
            }
        });
        table.setRowFactory(t -> {
            TableRow<ModelRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    vm.useInAttack();
                }
            });
            return row;
        });

        Button refresh = new Button("Refresh", Icons.of(MaterialDesignR.REFRESH));
        refresh.setOnAction(e -> vm.refresh());
        Button train = new Button("Train new…", Icons.of(MaterialDesignS.SCHOOL_OUTLINE));
        train.setId("models-train");
        train.setTooltip(new Tooltip("Open the Attack panel on train-classifier; its run folder holds the weights"));
        train.setOnAction(e -> vm.trainNew());
        Button use = new Button("Use in attack", Icons.of(MaterialDesignC.CROSSHAIRS_GPS));
        use.setId("models-use");
        use.getStyleClass().add("accent");
        use.setTooltip(new Tooltip("Set the attack's model.weights and model section to this model"));
        use.disableProperty().bind(vm.selectedProperty().isNull());
        use.setOnAction(e -> vm.useInAttack());
        Label notice = new Label();
        notice.setId("models-notice");
        notice.setWrapText(true);
        notice.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(notice, Priority.ALWAYS);
        vm.noticeProperty().addListener((o, a, b) -> AttackView.showNotice(notice, b));
        HBox actions = new HBox(8, refresh, train, use, notice);
        actions.setAlignment(Pos.CENTER_LEFT);
        actions.setPadding(new Insets(0, 0, 8, 0));
        Label hint = new Label("Shipped models load as bundled:NAME; a training run's folder holds weights.safetensors."
                + " A PyTorch state dict saved as safetensors with the same names also loads (type its path into"
                + " model.weights).");
        hint.getStyleClass().add("hint");
        hint.setWrapText(true);
        hint.setPadding(new Insets(8, 0, 0, 0));

        setTop(actions);
        setCenter(table);
        setBottom(hint);
    }

    private static TableColumn<ModelRow, String> column(String title, Function<ModelRow, String> value, double width) {
        TableColumn<ModelRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }
}
