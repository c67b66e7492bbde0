package org.invwb.visualizers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

/**
 * A model update as a heat map: one row per tensor, each row's entries (flattened in storage order) cut into
 * equal bins whose cells show the mean |value| in the bin, on one log colour scale shared by all rows, so a
 * layer that carries most of the update stands out. Each row is named with its tensor and its L2 norm.
 * Fed with plain float arrays.
 */
public class UpdateHeatMap extends Region {

    /** One tensor of the update: its name and its entries. */
    public record Layer(String name, float[] values) {
    }

    /** One row as drawn: the tensor's name, its entry count, its L2 norm and its binned mean |value|. */
    public record Row(String name, int entries, double norm, double[] cells) {
    }

    /** Decades of the colour scale below the largest cell; smaller cells get the scale's first colour. */
    public static final int DECADES = 4;
    private static final Color[] SCALE = {Color.web("#440154"), Color.web("#3b528b"), Color.web("#21918c"),
            Color.web("#5ec962"), Color.web("#fde725")};
    private static final double ROW_HEIGHT = 22;
    private static final double GAP = 3;
    private static final double LEGEND_HEIGHT = 34;

    private final Canvas canvas = new Canvas();
    private final int bins;
    private List<Row> rows = List.of();
    private Color textColor = Color.web("#24292f");
    private String placeholder = "";

    /** @param bins cells per row (fewer for a tensor with fewer entries) */
    public UpdateHeatMap(int bins) {
        this.bins = bins;
        getStyleClass().add("update-heat-map");
        getChildren().add(canvas);
        setMinSize(200, 80);
    }

    /** Shows these tensors, in order. */
    public void setLayers(List<Layer> layers) {
        List<Row> built = new ArrayList<>();
        for (Layer l : layers) {
            built.add(new Row(l.name(), l.values().length, norm(l.values()), meanAbs(l.values(), bins)));
        }
        rows = List.copyOf(built);
        requestLayout();
        draw();
    }

    public List<Row> getRows() {
        return rows;
    }

    public void setPlaceholder(String text) {
        placeholder = text == null ? "" : text;
        draw();
    }

    /** Light text on a dark background, or the reverse. */
    public void setDark(boolean dark) {
        textColor = dark ? Color.web("#c9d1d9") : Color.web("#24292f");
        draw();
    }

    /**
     * The mean |value| of each of {@code bins} consecutive bins of {@code values}: bin i holds entries
     * floor(i·n/bins) to floor((i+1)·n/bins) − 1, so bins differ in size by at most one entry. A tensor of
     * fewer entries than bins gets one bin per entry.
     */
    public static double[] meanAbs(float[] values, int bins) {
        int n = values.length;
        int count = Math.min(n, Math.max(1, bins));
        double[] out = new double[n == 0 ? 0 : count];
        for (int i = 0; i < out.length; i++) {
            int from = (int) ((long) i * n / count);
            int to = (int) ((long) (i + 1) * n / count);
            double sum = 0;
            for (int j = from; j < to; j++) {
                sum += Math.abs(values[j]);
            }
            out[i] = sum / (to - from);
        }
        return out;
    }

    /** Where {@code value} falls on the colour scale, 0 to 1: log10 of value/max over {@link #DECADES} decades. */
    public static double scalePosition(double value, double max) {
        if (!(max > 0) || !(value > 0)) {
            return 0;
        }
        double t = 1 + Math.log10(value / max) / DECADES;
        return Math.max(0, Math.min(1, t));
    }

    static Color colour(double t) {
        double x = t * (SCALE.length - 1);
        int i = Math.min(SCALE.length - 2, (int) Math.floor(x));
        return SCALE[i].interpolate(SCALE[i + 1], x - i);
    }

    private static double norm(float[] values) {
        double s = 0;
        for (float v : values) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    @Override
    protected double computePrefHeight(double width) {
        return Math.max(80, rows.size() * (ROW_HEIGHT + GAP) + LEGEND_HEIGHT + 8);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 600;
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(Math.max(1, getWidth()));
        canvas.setHeight(Math.max(1, getHeight()));
        draw();
    }

    private void draw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, w, h);
        Font font = Font.font(12);
        g.setFont(font);
        g.setFill(textColor);
        g.setTextBaseline(VPos.CENTER);
        if (rows.isEmpty()) {
            g.setTextAlign(TextAlignment.CENTER);
            g.fillText(placeholder, w / 2, h / 2);
            return;
        }
        double nameWidth = 0;
        double normWidth = 0;
        double max = 0;
        for (Row r : rows) {
            nameWidth = Math.max(nameWidth, textWidth(r.name(), font));
            normWidth = Math.max(normWidth, textWidth(normText(r), font));
            for (double c : r.cells()) {
                max = Math.max(max, c);
            }
        }
        double left = nameWidth + 12;
        double right = w - normWidth - 12;
        double cellsWidth = Math.max(10, right - left);
        double y = 4;
        for (Row r : rows) {
            g.setFill(textColor);
            g.setTextAlign(TextAlignment.LEFT);
            g.fillText(r.name(), 4, y + ROW_HEIGHT / 2);
            double cw = cellsWidth / r.cells().length;
            for (int i = 0; i < r.cells().length; i++) {
                g.setFill(colour(scalePosition(r.cells()[i], max)));
                // a cell at least one pixel wide, overlapping the next so no seams show
                g.fillRect(left + i * cw, y, Math.max(1, cw + 0.5), ROW_HEIGHT);
            }
            g.setFill(textColor);
            g.fillText(normText(r), right + 8, y + ROW_HEIGHT / 2);
            y += ROW_HEIGHT + GAP;
        }
        drawLegend(g, left, y + 6, Math.min(cellsWidth, 320), max, font);
    }

    private void drawLegend(GraphicsContext g, double x, double y, double width, double max, Font font) {
        for (int i = 0; i < width; i++) {
            g.setFill(colour(i / width));
            g.fillRect(x + i, y, 1.5, 10);
        }
        g.setFill(textColor);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText(String.format(Locale.ROOT, "≤ %.1e", max * Math.pow(10, -DECADES)), x, y + 22);
        g.setTextAlign(TextAlignment.RIGHT);
        g.fillText(String.format(Locale.ROOT, "%.1e", max), x + width, y + 22);
        g.setTextAlign(TextAlignment.LEFT);
        g.fillText("mean |value| per cell (log scale)", x + width + 12, y + 5);
    }

    private static String normText(Row r) {
        return String.format(Locale.ROOT, "‖·‖ %.3g  (%d)", r.norm(), r.entries());
    }

    private static double textWidth(String s, Font font) {
        Text t = new Text(s);
        t.setFont(font);
        return t.getLayoutBounds().getWidth();
    }
}
