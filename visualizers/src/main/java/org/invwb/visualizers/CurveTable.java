package org.invwb.visualizers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every point of a set of named curves, by iteration, in the order the curves first appeared: what a
 * chart shows and what its CSV export holds. Non-finite values are kept (a diverged loss is data too).
 */
public final class CurveTable {

    /** One point of one curve. */
    public record Point(int iteration, double value) {
    }

    private final Map<String, List<Point>> curves = new LinkedHashMap<>();

    public void add(String name, int iteration, double value) {
        curves.computeIfAbsent(name, k -> new ArrayList<>()).add(new Point(iteration, value));
    }

    /** Curve names in the order they first appeared. */
    public List<String> names() {
        return List.copyOf(curves.keySet());
    }

    /** The points of {@code name} in the order added; empty for an unknown name. */
    public List<Point> points(String name) {
        List<Point> points = curves.get(name);
        return points == null ? List.of() : Collections.unmodifiableList(points);
    }

    public int size() {
        return curves.values().stream().mapToInt(List::size).sum();
    }

    public void clear() {
        curves.clear();
    }

    /**
     * {@code iteration,name1,name2,...} then one line per iteration that any curve has, in increasing
     * order; a curve without a value at that iteration leaves its cell empty. Values are written in
     * Java's shortest exact form ({@code 1.0E-4}, {@code NaN}), independent of the locale.
     */
    public String toCsv() {
        List<String> names = names();
        TreeMap<Integer, String[]> rows = new TreeMap<>();
        for (int c = 0; c < names.size(); c++) {
            for (Point p : curves.get(names.get(c))) {
                rows.computeIfAbsent(p.iteration(), k -> new String[names.size()])[c] = Double.toString(p.value());
            }
        }
        StringBuilder csv = new StringBuilder("iteration");
        names.forEach(n -> csv.append(',').append(quoted(n)));
        csv.append('\n');
        rows.forEach((iteration, cells) -> {
            csv.append(iteration);
            for (String cell : cells) {
                csv.append(',').append(cell == null ? "" : cell);
            }
            csv.append('\n');
        });
        return csv.toString();
    }

    private static String quoted(String name) {
        if (name.contains(",") || name.contains("\"") || name.contains("\n")) {
            return "\"" + name.replace("\"", "\"\"") + "\"";
        }
        return name;
    }
}
