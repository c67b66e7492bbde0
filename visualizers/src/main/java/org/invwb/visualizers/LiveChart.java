package org.invwb.visualizers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.application.Platform;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart that grows while a run goes: named curves appended by iteration, on a left and an
 * optional right y axis (each linear or logarithmic), vertical markers for mid-run changes, and
 * export of the picture (PNG) and of every point (CSV).
 *
 * <p>Appends are cheap and batched: points wait in a list and are drawn together at most
 * {@link #REDRAW_INTERVAL_NANOS 5 times a second}. Every point is kept; non-finite
 * values are left out of the picture but kept in the CSV. A logarithmic axis that is handed a value it
 * cannot show (zero or negative: an objective with a prior that goes below zero, say) turns linear,
 * redrawn with every point so far, so no curve vanishes. Use from the FX thread.
 */
public class LiveChart extends StackPane {

    /** Which y axis a curve is measured on. */
    public enum Side { LEFT, RIGHT }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
    /** Curves draw their points as dots until they are this long, so a short run is still visible. */
    private static final int DOTS_UNTIL = 60;

    private final JFreeChart chart;
    private final XYPlot plot;
    private final ChartViewer viewer;
    private final XYSeriesCollection[] datasets = {new XYSeriesCollection(), new XYSeriesCollection()};
    private final XYLineAndShapeRenderer[] renderers = {renderer(), renderer()};
    private final boolean[] log = new boolean[2];
    /** Each axis as declared, which {@link #clear()} brings back after a turn to linear. */
    private final boolean[] declaredLog = new boolean[2];
    private final String[] declaredLabel = new String[2];
    private final Map<String, XYSeries> series = new LinkedHashMap<>();
    private final Map<String, Side> sides = new LinkedHashMap<>();
    private final CurveTable table = new CurveTable();
    private final List<CurveTable.Point> pendingPoints = new ArrayList<>();
    private final List<String> pendingNames = new ArrayList<>();
    private final List<ValueMarker> markers = new ArrayList<>();
    /**
     * A chart redraw (JFreeChart through FXGraphics2D onto a canvas) costs the window thread several
     * times what new images do, and curves read as well at 5 frames a second as at 20.
     */
    public static final long REDRAW_INTERVAL_NANOS = 200_000_000L;
    /** Draws what was appended, at most 5 times a second, without keeping JavaFX pulsing meanwhile. */
    private final FramePacer frames = new FramePacer(Platform::runLater, this::flush, REDRAW_INTERVAL_NANOS);
    private boolean dark;
    private double fontScale = 1;
    private int flushes;
    /**
     * @param title  shown above the plot ("" for none)
     * @param yLabel the left axis' label
     * @param logY   whether the left axis is logarithmic
     */
    public LiveChart(String title, String yLabel, boolean logY) {
        NumberAxis x = new NumberAxis("iteration");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        plot = new XYPlot(datasets[0], x, axis(yLabel, logY), renderers[0]);
        log[0] = logY;
        declaredLog[0] = logY;
        declaredLabel[0] = yLabel;
        plot.setDataset(1, datasets[1]);
        plot.setRenderer(1, renderers[1]);
        plot.mapDatasetToRangeAxis(1, 1);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        chart = new JFreeChart(title == null || title.isEmpty() ? null : title,
                new Font(Font.SANS_SERIF, Font.BOLD, 13), plot, true);
        viewer = new ChartViewer(chart, false);
        getStyleClass().add("live-chart");
        getChildren().add(viewer);
        setMinSize(160, 120);
        applyColours();
    }

    /** Gives the chart a right-hand y axis, for curves added with {@link Side#RIGHT}. */
    public void setRightAxis(String label, boolean logY) {
        log[1] = logY;
        declaredLog[1] = logY;
        declaredLabel[1] = label;
        plot.setRangeAxis(1, axis(label, logY));
        plot.mapDatasetToRangeAxis(1, 1);
        applyColours();
    }

    /** A right-hand axis of whole numbers (a timestep, a stage), ticked at integers even while they stay at 0. */
    public void setRightCountAxis(String label) {
        setRightAxis(label, false);
        NumberAxis axis = (NumberAxis) plot.getRangeAxis(1);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeMinimumSize(2);
    }

    /** Takes the right-hand axis away again, after {@link #clear()} has taken its curves. */
    public void removeRightAxis() {
        plot.setRangeAxis(1, null);
        log[1] = false;
        declaredLog[1] = false;
        declaredLabel[1] = null;
    }

    /** Declares a curve ahead of its points, to choose its axis (curves appended unannounced go left). */
    public void addSeries(String name, Side side) {
        if (series.containsKey(name)) {
            return;
        }
        int axis = side == Side.RIGHT ? 1 : 0;
        XYSeries s = new XYSeries(name, false, true);
        datasets[axis].addSeries(s);
        int index = datasets[axis].getSeriesCount() - 1;
        renderers[axis].setSeriesPaint(index, PALETTE[series.size() % PALETTE.length]);
        renderers[axis].setSeriesStroke(index, new BasicStroke(1.8f));
        renderers[axis].setSeriesShape(index, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
        series.put(name, s);
        sides.put(name, side);
    }

    /** Adds one point; it is drawn with the next batch. */
    public void append(String name, int iteration, double value) {
        addSeries(name, Side.LEFT);
        table.add(name, iteration, value);
        pendingNames.add(name);
        pendingPoints.add(new CurveTable.Point(iteration, value));
        frames.request();
    }

    /** A labelled vertical line, e.g. where a parameter was changed during the run. */
    public void addMarker(int iteration, String label) {
        ValueMarker marker = new ValueMarker(iteration);
        marker.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {4f, 3f}, 0f));
        marker.setLabel(label);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(TextAnchor.TOP_LEFT);
        markers.add(marker);
        colourMarker(marker);
        plot.addDomainMarker(marker);
    }

    /** Draws whatever is waiting now instead of at the next frame. */
    public void flush() {
        if (pendingPoints.isEmpty()) {
            return;
        }
        chart.setNotify(false);
        try {
            Set<XYSeries> touched = new HashSet<>();
            for (int i = 0; i < pendingPoints.size(); i++) {
                String name = pendingNames.get(i);
                CurveTable.Point p = pendingPoints.get(i);
                int axis = sides.get(name) == Side.RIGHT ? 1 : 0;
                if (!Double.isFinite(p.value())) {
                    continue;
                }
                if (log[axis] && p.value() <= 0) {
                    redrawLinear(axis);
                    return;
                }
                XYSeries s = series.get(name);
                s.add(p.iteration(), p.value(), false);
                touched.add(s);
            }
            for (XYSeries s : touched) {
                if (s.getItemCount() > DOTS_UNTIL) {
                    int axis = sides.get((String) s.getKey()) == Side.RIGHT ? 1 : 0;
                    renderers[axis].setSeriesShapesVisible(datasets[axis].indexOf(s), false);
                }
                s.fireSeriesChanged();
            }
        } finally {
            pendingPoints.clear();
            pendingNames.clear();
            chart.setNotify(true);
        }
        flushes++;
    }

    /** Makes {@code axis} linear and draws every point appended so far on it again, pending ones included. */
    private void redrawLinear(int axis) {
        log[axis] = false;
        String label = plot.getRangeAxis(axis).getLabel().replace(" (log scale)", "");
        plot.setRangeAxis(axis, axis(label, false));
        if (axis == 1) {
            plot.mapDatasetToRangeAxis(1, 1);
        }
        applyColours();
        series.forEach((name, s) -> {
            s.clear();
            for (CurveTable.Point p : table.points(name)) {
                if (Double.isFinite(p.value()) && !(log[sides.get(name) == Side.RIGHT ? 1 : 0] && p.value() <= 0)) {
                    s.add(p.iteration(), p.value(), false);
                }
            }
            int side = sides.get(name) == Side.RIGHT ? 1 : 0;
            renderers[side].setSeriesShapesVisible(datasets[side].indexOf(s), s.getItemCount() <= DOTS_UNTIL);
            s.fireSeriesChanged();
        });
        pendingPoints.clear();
        pendingNames.clear();
    }

    /** Whether {@code side}'s axis is logarithmic now (it turns linear when handed a value it cannot show). */
    public boolean isLogarithmic(Side side) {
        return log[side == Side.RIGHT ? 1 : 0];
    }

    /** Removes every curve, point and marker (the axes stay). */
    public void clear() {
        pendingPoints.clear();
        pendingNames.clear();
        chart.setNotify(false);
        for (int axis = 0; axis < 2; axis++) {
            datasets[axis].removeAllSeries();
            for (int i = 0; i < PALETTE.length; i++) {
                renderers[axis].setSeriesShapesVisible(i, true);
            }
        }
        series.clear();
        sides.clear();
        table.clear();
        for (int axis = 0; axis < 2; axis++) {
            if (log[axis] != declaredLog[axis]) {
                log[axis] = declaredLog[axis];
                plot.setRangeAxis(axis, axis(declaredLabel[axis], declaredLog[axis]));
            }
        }
        plot.mapDatasetToRangeAxis(1, 1);
        applyColours();
        markers.clear();
        plot.clearDomainMarkers();
        chart.setNotify(true);
    }

    /** Every point appended since the last {@link #clear()}, drawn or not. */
    public CurveTable getTable() {
        return table;
    }

    /** How many batches have been drawn (for tests of the batching). */
    public int getFlushCount() {
        return flushes;
    }

    /** The number of points drawn for {@code name} (non-finite points are not drawn). */
    public int drawnPoints(String name) {
        XYSeries s = series.get(name);
        return s == null ? 0 : s.getItemCount();
    }

    public JFreeChart getChart() {
        return chart;
    }

    public ChartViewer getViewer() {
        return viewer;
    }

    /** The chart as a PNG picture of the given size (the picture is drawn afresh, not copied from the screen). */
    public void writePng(Path file, int width, int height) throws IOException {
        flush();
        FxImages.writePng(chart.createBufferedImage(width, height), file);
    }

    /** Every point as CSV (see {@link CurveTable#toCsv()}), written atomically. */
    public void writeCsv(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".csv");
        try {
            Files.writeString(tmp, table.toCsv(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Colours for a dark window (light text on a dark plot) or a light one. */
    public void setDark(boolean dark) {
        this.dark = dark;
        applyColours();
    }

    /**
     * Scales every text of the chart (1: normal; teaching mode uses larger type). Above 1 the title
     * steps aside, so that the larger axes keep room for the curves.
     */
    public void setFontScale(double scale) {
        this.fontScale = scale;
        if (chart.getTitle() != null) {
            chart.getTitle().setVisible(scale <= 1);
        }
        applyColours();
    }

    private Font font(int style, int size) {
        return new Font(Font.SANS_SERIF, style, (int) Math.round(size * fontScale));
    }

    private static XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        r.setDrawSeriesLineAsPath(true);
        return r;
    }

    private static ValueAxis axis(String label, boolean logScale) {
        if (logScale) {
            return new DecadeLogAxis(label);
        }
        NumberAxis axis = new SpreadNumberAxis(label);
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    private void applyColours() {
        Paint background = dark ? new Color(0x161b22) : Color.WHITE;
        Paint text = dark ? new Color(0xe6edf3) : new Color(0x1f2328);
        Paint grid = dark ? new Color(0x3d444d) : new Color(0xd0d7de);
        chart.setBackgroundPaint(background);
        chart.setPadding(new RectangleInsets(4, 4, 4, 8));
        if (chart.getTitle() != null) {
            chart.getTitle().setPaint(text);
            chart.getTitle().setFont(font(Font.BOLD, 13));
        }
        plot.setBackgroundPaint(background);
        plot.setOutlinePaint(grid);
        plot.setDomainGridlinePaint(grid);
        plot.setRangeGridlinePaint(grid);
        List<ValueAxis> axes = new ArrayList<>();
        axes.add(plot.getDomainAxis());
        for (int i = 0; i < plot.getRangeAxisCount(); i++) {
            if (plot.getRangeAxis(i) != null) {
                axes.add(plot.getRangeAxis(i));
            }
        }
        Font labelFont = font(Font.PLAIN, 12);
        Font tickFont = font(Font.PLAIN, 11);
        for (ValueAxis axis : axes) {
            axis.setLabelPaint(text);
            axis.setTickLabelPaint(text);
            axis.setAxisLinePaint(grid);
            axis.setTickMarkPaint(grid);
            axis.setLabelFont(labelFont);
            axis.setTickLabelFont(tickFont);
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(background);
            legend.setItemPaint(text);
            legend.setItemFont(font(Font.PLAIN, 11));
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        markers.forEach(this::colourMarker);
    }

    private void colourMarker(ValueMarker marker) {
        marker.setPaint(dark ? new Color(0xd29922) : new Color(0x9a6700));
        marker.setLabelPaint(dark ? new Color(0xe6edf3) : new Color(0x1f2328));
        marker.setLabelFont(font(Font.PLAIN, 11));
    }

    /**
     * A log axis whose automatic range is whole decades, at least one, with a tick at each decade
     * (10^-3, 10^-2, ...), whatever the magnitude of the data (1e-12 as well as 1e3).
     */
    static final class DecadeLogAxis extends org.jfree.chart.axis.LogAxis {

        private static final long serialVersionUID = 1L;

        DecadeLogAxis(String label) {
            super(label);
            setSmallestValue(1e-300);
            setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            setMinorTickCount(9);
        }

        @Override
        protected void autoAdjustRange() {
            if (!(getPlot() instanceof org.jfree.chart.plot.ValueAxisPlot plot)) {
                return;
            }
            org.jfree.data.Range r = plot.getDataRange(this);
            double logLower;
            double logUpper;
            if (r == null || !(r.getUpperBound() > 0)) {
                logLower = -1;
                logUpper = 1;
            } else {
                logUpper = Math.ceil(Math.log10(r.getUpperBound()) - 1e-9);
                logLower = Math.floor(Math.log10(Math.max(r.getLowerBound(), getSmallestValue())) + 1e-9);
            }
            if (logUpper <= logLower) {
                logUpper = logLower + 1;
            }
            setRange(new org.jfree.data.Range(Math.pow(10, logLower), Math.pow(10, logUpper)), false, false);
        }
    }

    /**
     * A linear axis whose automatic range is never narrower than 2 % of the values' magnitude, so that one
     * point or a flat curve gets readable ticks (6.50, 6.55) rather than ten labels reading 6.552013.
     */
    static final class SpreadNumberAxis extends NumberAxis {

        private static final long serialVersionUID = 1L;

        SpreadNumberAxis(String label) {
            super(label);
        }

        @Override
        protected void autoAdjustRange() {
            super.autoAdjustRange();
            org.jfree.data.Range r = getRange();
            double magnitude = Math.max(Math.abs(r.getLowerBound()), Math.abs(r.getUpperBound()));
            double least = magnitude == 0 ? 1 : 0.02 * magnitude;
            if (r.getLength() < least) {
                double centre = r.getCentralValue();
                setRange(new org.jfree.data.Range(centre - least / 2, centre + least / 2), false, false);
            }
        }
    }
}
