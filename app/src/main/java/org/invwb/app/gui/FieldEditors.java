package org.invwb.app.gui;

import java.util.Optional;
import javafx.beans.value.ObservableValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;
import org.invwb.core.run.ParamType;

/**
 * Turns {@link ParamField}s into ControlsFX property-sheet rows: a text field for numbers and text, a
 * choice box for choices, a check box for booleans, each with the field's help as its tooltip and the
 * validator's message shown right under it while the value is not valid. One editor per parameter
 * type, none per method.
 */
final class FieldEditors {

    /** The pseudo-class AtlantaFX draws as a red outline. */
    private static final PseudoClass DANGER = PseudoClass.getPseudoClass("danger");

    private FieldEditors() {
    }

    /** The property-sheet row of one field. */
    static PropertySheet.Item item(ParamField field) {
        return new Item(field);
    }

    /** The editor factory the property sheets use. */
    static PropertyEditor<?> editor(PropertySheet.Item item) {
        return new Editor(((Item) item).field);
    }

    /** The id of a field's input control, e.g. {@code field-parameters-iterations} (tests look it up). */
    static String id(ParamField field) {
        return "field-" + field.section() + "-" + field.name();
    }

    private static final class Item implements PropertySheet.Item {

        private final ParamField field;

        Item(ParamField field) {
            this.field = field;
        }

        @Override
        public Class<?> getType() {
            return String.class;
        }

        @Override
        public String getCategory() {
            return field.section();
        }

        @Override
        public String getName() {
            return field.label();
        }

        @Override
        public String getDescription() {
            return field.help();
        }

        @Override
        public Object getValue() {
            return field.getText();
        }

        @Override
        public void setValue(Object value) {
            field.setText(value == null ? "" : value.toString());
        }

        @Override
        public Optional<ObservableValue<? extends Object>> getObservableValue() {
            return Optional.of(field.textProperty());
        }
    }

    private static final class Editor implements PropertyEditor<Object> {

        private final ParamField field;
        private final VBox box;

        Editor(ParamField field) {
            this.field = field;
            Control input = input(field);
            input.setId(id(field));
            input.setMaxWidth(Double.MAX_VALUE);
            Tooltip tip = new Tooltip(field.help());
            tip.setShowDelay(Duration.millis(300));
            tip.setShowDuration(Duration.seconds(30));
            tip.setWrapText(true);
            tip.setMaxWidth(420);
            input.setTooltip(tip);
            Label error = new Label();
            error.getStyleClass().add("field-error");
            error.setId(id(field) + "-error");
            error.setWrapText(true);
            error.textProperty().bind(field.errorProperty());
            error.visibleProperty().bind(field.errorProperty().isNotEmpty());
            error.managedProperty().bind(error.visibleProperty());
            field.errorProperty().addListener((o, old, now) -> input.pseudoClassStateChanged(DANGER, !now.isEmpty()));
            input.pseudoClassStateChanged(DANGER, !field.isValid());
            box = new VBox(2, input, error);
            box.setFillWidth(true);
        }

        private static Control input(ParamField field) {
            ParamType type = field.decl().type();
            if (type == ParamType.CHOICE) {
                ComboBox<String> choice = new ComboBox<>();
                choice.getItems().setAll(field.decl().choices());
                choice.valueProperty().bindBidirectional(field.textProperty());
                return choice;
            }
            if (type == ParamType.BOOLEAN) {
                CheckBox check = new CheckBox();
                check.setSelected(Boolean.parseBoolean(field.getText()));
                check.selectedProperty().addListener((o, old, now) -> field.setText(now.toString()));
                field.textProperty().addListener((o, old, now) -> check.setSelected(Boolean.parseBoolean(now)));
                return check;
            }
            TextField text = new TextField();
            text.textProperty().bindBidirectional(field.textProperty());
            text.setPromptText(field.prompt());
            return text;
        }

        @Override
        public Node getEditor() {
            return box;
        }

        @Override
        public Object getValue() {
            return field.getText();
        }

        @Override
        public void setValue(Object value) {
            field.setText(value == null ? "" : value.toString());
        }
    }
}
