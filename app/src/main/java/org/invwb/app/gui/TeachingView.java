package org.invwb.app.gui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.collections.MapChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Teaching mode's part of the Live panel: the method's title and citation, its objective as an equation
 * in large type, each term with its live value, and the method explained in a paragraph. Reads
 * {@link LiveViewModel#teachingProperty()} and the latest scalars; holds no per-method code.
 */
final class TeachingView extends VBox {

    private final LiveViewModel vm;
    private final Label heading = new Label();
    private final HBox equation = new HBox(10);
    private final Label where = new Label();
    private final GridPane terms = new GridPane();
    private final Text explanation = new Text();
    private final Map<String, Label> values = new LinkedHashMap<>();

    TeachingView(LiveViewModel vm) {
        this.vm = vm;
        setId("teaching");
        getStyleClass().add("teaching-box");
        setSpacing(8);
        setPadding(new Insets(10, 14, 10, 14));
        heading.getStyleClass().add("teaching-heading");
        heading.setWrapText(true);
        equation.setId("teaching-equation");
        equation.setAlignment(Pos.CENTER_LEFT);
        terms.setId("teaching-terms");
        terms.setHgap(16);
        terms.setVgap(4);
        explanation.setId("teaching-explanation");
        explanation.getStyleClass().add("teaching-explanation");
        Label hint = new Label("Step (Ctrl+Right) runs one iteration and pauses; Space pauses and resumes.");
        hint.getStyleClass().add("hint");
        where.getStyleClass().add("hint");
        where.setMinWidth(Region.USE_PREF_SIZE); // its lines are short and never wrapped
        where.managedProperty().bind(where.textProperty().isNotEmpty());
        hint.setWrapText(true);
        hint.setMaxWidth(Double.MAX_VALUE);
        // The objective and its terms on the left, the explanation beside them: the curves keep their height.
        VBox formula = new VBox(4, equation, where, terms);
        formula.setMinWidth(Region.USE_PREF_SIZE);
        // A text flow wraps at whatever width it gets, and grows as tall as the text needs.
        TextFlow paragraph = new TextFlow(explanation);
        VBox words = new VBox(6, paragraph, hint);
        HBox.setHgrow(words, Priority.ALWAYS);
        words.setMinWidth(0);
        words.setPrefWidth(0);
        HBox columns = new HBox(24, formula, words);
        getChildren().addAll(heading, columns);
        vm.teachingProperty().addListener((o, a, b) -> show(b));
        vm.latest().addListener((MapChangeListener<String, Double>) c -> {
            if (c.wasAdded()) {
                showValue(c.getKey(), c.getValueAdded());
            }
        });
        show(vm.teachingProperty().get());
    }

    /** The value shown beside a term, "–" before the run has reported it (for tests). */
    String valueText(String scalar) {
        Label label = values.get(scalar);
        return label == null ? null : label.getText();
    }

    private void show(TeachingContent content) {
        equation.getChildren().clear();
        terms.getChildren().clear();
        values.clear();
        where.setText("");
        if (content == null) {
            heading.setText("Start a run, or open a sample, to see its objective and how it works.");
            explanation.setText("");
            return;
        }
        heading.setText(content.citation().isEmpty() ? content.title() : content.title() + " — " + content.citation());
        if (content.hasNotes()) {
            TeachingContent.Equation e = content.equation();
            Label operator = equationLabel(e.operator());
            Label under = new Label(e.under());
            under.getStyleClass().add("equation-under");
            VBox op = new VBox(-4, operator, under);
            op.setAlignment(Pos.TOP_CENTER);
            equation.getChildren().addAll(equationLabel(e.lhs()), op, equationLabel(e.body()));
            where.setText(e.where());
            List<TeachingContent.Term> list = content.terms();
            for (int row = 0; row < list.size(); row++) {
                addTerm(row, list.get(row).scalar(), list.get(row).symbol(), list.get(row).meaning());
            }
        }
        explanation.setText(content.explanation());
        vm.latest().forEach(this::showValue);
    }

    private void addTerm(int row, String scalar, String symbol, String meaning) {
        Label sym = new Label(symbol);
        sym.getStyleClass().add("equation-term");
        sym.setMinWidth(Region.USE_PREF_SIZE);
        Label value = new Label("–");
        value.setId("term-" + scalar);
        value.getStyleClass().add("term-value");
        value.setMinWidth(Region.USE_PREF_SIZE);
        terms.addRow(row, sym, new Label("="), value);
        if (!meaning.isEmpty()) {
            Tooltip tip = new Tooltip(meaning);
            Tooltip.install(sym, tip);
            Tooltip.install(value, tip);
        }
        values.put(scalar, value);
    }

    private void showValue(String scalar, Double value) {
        Label label = values.get(scalar);
        TeachingContent content = vm.teachingProperty().get();
        if (label == null && content != null && !content.hasNotes()) {
            // Without notes, every value the method reports is a term, named as the charts name it.
            addTerm(values.size(), scalar, LiveViewModel.displayName(scalar), "");
            label = values.get(scalar);
        }
        if (label != null && value != null) {
            label.setText(LiveViewModel.format(scalar, value));
        }
    }

    private static Label equationLabel(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("equation");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
