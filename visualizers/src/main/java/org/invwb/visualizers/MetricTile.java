package org.invwb.visualizers;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/** One metric's current value, large, with its name above and its unit beside it. */
public class MetricTile extends VBox {

    private final Label name = new Label();
    private final Label value = new Label("–");
    private final String format;
    private final String unit;

    /**
     * @param format a {@link String#format} pattern for the value, e.g. {@code "%.2f"} or {@code "%.3e"}
     * @param unit   shown after the value ("dB"), or empty
     */
    public MetricTile(String title, String format, String unit) {
        this.format = format;
        this.unit = unit == null ? "" : unit;
        getStyleClass().add("metric-tile");
        name.getStyleClass().add("metric-tile-name");
        value.getStyleClass().add("metric-tile-value");
        name.setText(title);
        setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(name, value);
        setMinWidth(USE_PREF_SIZE);
    }

    public String getTitle() {
        return name.getText();
    }

    /** The value as shown, e.g. "31.20 dB", or "–" when unknown. */
    public String getText() {
        return value.getText();
    }

    public void setValue(double v) {
        value.setText(text(v, format, unit));
    }

    /** Shows a value that is not a number (a count, a duration) as given. */
    public void setText(String text) {
        value.setText(text == null || text.isEmpty() ? "–" : text);
    }

    public void clear() {
        value.setText("–");
    }

    /** The value in the tile's format; NaN and infinities are named rather than hidden. */
    public static String text(double v, String format, String unit) {
        String number;
        if (Double.isNaN(v)) {
            number = "NaN";
        } else if (Double.isInfinite(v)) {
            number = v > 0 ? "∞" : "−∞";
        } else {
            number = String.format(Locale.ROOT, format, v);
        }
        return unit == null || unit.isEmpty() ? number : number + " " + unit;
    }
}
