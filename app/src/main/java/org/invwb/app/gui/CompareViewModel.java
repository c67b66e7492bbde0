package org.invwb.app.gui;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunStore;
import org.invwb.visualizers.CurveTable;

/**
 * The Compare panel's state: two or more run folders side by side, each with its final picture, its
 * curves read from events.jsonl, and a row of final metrics plus the parameters that differ between
 * the runs (from their report.json). Files are read off the window's thread.
 */
public final class CompareViewModel {

    /** One run as read: its folder name, final picture (or null), curves by scalar name, report. */
    public record RunData(String name, Path dir, FloatImage picture, Map<String, List<CurveTable.Point>> curves,
                          Map<String, Object> report, Map<String, String> parameters) {
    }

    /** The metric columns, before the differing parameters. */
    public static final List<String> METRICS = List.of("method", "status", "converged", "iterations", "seconds",
            "psnr", "ssim", "labelAccuracy", "defense");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Executor ui;
    private final Executor io;
    private final ObservableList<Path> dirs = FXCollections.observableArrayList();
    private final ObservableList<RunData> loaded = FXCollections.observableArrayList();
    private final ObservableList<String> columns = FXCollections.observableArrayList();
    private final ObservableList<Map<String, String>> rows = FXCollections.observableArrayList();
    private int generation;

    public CompareViewModel(Executor ui, Executor io) {
        this.ui = ui;
        this.io = io;
    }

    /** The run folders compared, in order. */
    public ObservableList<Path> dirs() {
        return dirs;
    }

    /** The runs as read, in the order of {@link #dirs()}; replaced together once reading ends. */
    public ObservableList<RunData> loaded() {
        return loaded;
    }

    /** The table's columns: "run", the metrics present, then the differing parameters. */
    public ObservableList<String> columns() {
        return columns;
    }

    /** One row per run, keyed by column. */
    public ObservableList<Map<String, String>> rows() {
        return rows;
    }

    /** Compares exactly these run folders. */
    public void show(List<Path> runs) {
        dirs.setAll(runs.stream().distinct().toList());
        reload();
    }

    /** Adds run folders to those compared. */
    public void add(List<Path> runs) {
        List<Path> next = new ArrayList<>(dirs);
        runs.stream().filter(r -> !next.contains(r)).forEach(next::add);
        show(next);
    }

    public void remove(Path run) {
        List<Path> next = new ArrayList<>(dirs);
        next.remove(run);
        show(next);
    }

    public void clear() {
        show(List.of());
    }

    private void reload() {
        List<Path> wanted = List.copyOf(dirs);
        int mine = ++generation;
        io.execute(() -> {
            List<RunData> read = wanted.stream().map(CompareViewModel::read).toList();
            List<String> cols = columnsOf(read);
            List<Map<String, String>> table = read.stream().map(r -> row(r, cols)).toList();
            ui.execute(() -> {
                if (mine == generation) {
                    loaded.setAll(read);
                    columns.setAll(cols);
                    rows.setAll(table);
                }
            });
        });
    }

    /** Reads one run folder; what is missing or unreadable is left empty. */
    static RunData read(Path dir) {
        Map<String, Object> report;
        try {
            report = RunStore.readReport(dir);
        } catch (IOException | RuntimeException e) {
            report = Map.of("status", "unreadable");
        }
        Map<String, String> parameters = new TreeMap<>();
        flatten("", report.get("parameters"), parameters);
        FloatImage picture = null;
        Path png = dir.resolve(RunStore.FINAL_FILE);
        if (Files.isRegularFile(png)) {
            try {
                picture = PngCodec.read(png);
            } catch (DataException e) {
                picture = null;
            }
        }
        return new RunData(dir.getFileName().toString(), dir, picture, curves(dir),
                report, parameters);
    }

    /** The progress scalars of a run folder's events.jsonl, by name, in the order met. */
    static Map<String, List<CurveTable.Point>> curves(Path dir) {
        Map<String, List<CurveTable.Point>> out = new LinkedHashMap<>();
        for (Progress p : RunExports.readProgress(dir)) {
            p.scalars().forEach((name, value) -> {
                if (Double.isFinite(value)) {
                    out.computeIfAbsent(name, k -> new ArrayList<>()).add(new CurveTable.Point(p.iteration(), value));
                }
            });
        }
        return out;
    }

    /** "run", the metrics any run has, then the parameters whose values are not the same in every run. */
    static List<String> columnsOf(List<RunData> runs) {
        List<String> cols = new ArrayList<>();
        cols.add("run");
        for (String m : METRICS) {
            if (runs.stream().anyMatch(r -> !value(r, m).isEmpty())) {
                cols.add(m);
            }
        }
        cols.addAll(differingParameters(runs));
        return cols;
    }

    /** The parameter names (dotted, e.g. client.defense) whose values differ between the runs. */
    static List<String> differingParameters(List<RunData> runs) {
        Set<String> names = new LinkedHashSet<>();
        runs.forEach(r -> names.addAll(r.parameters().keySet()));
        return names.stream().sorted()
                .filter(n -> runs.stream().map(r -> r.parameters().get(n)).distinct().count() > 1)
                .collect(Collectors.toList());
    }

    private static Map<String, String> row(RunData run, List<String> cols) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String c : cols) {
            row.put(c, c.equals("run") ? run.name()
                    : METRICS.contains(c) ? value(run, c) : run.parameters().getOrDefault(c, ""));
        }
        return row;
    }

    /** A metric as text ("" when the run has none). */
    static String value(RunData run, String metric) {
        Map<?, ?> metrics = run.report().get("metrics") instanceof Map<?, ?> m ? m : Map.of();
        Object v = switch (metric) {
            case "method", "status", "converged", "iterations", "seconds" -> run.report().get(metric);
            default -> metrics.get(metric);
        };
        if (v instanceof Double || v instanceof Float) {
            return String.format(Locale.ROOT, metric.equals("seconds") ? "%.1f" : "%.4f", ((Number) v).doubleValue());
        }
        return v == null ? "" : v.toString();
    }

    private static void flatten(String prefix, Object value, Map<String, String> out) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v, out));
        } else if (!prefix.isEmpty()) {
            out.put(prefix, Objects.toString(value));
        }
    }

    /** The table as CSV: a header of column names, then one line per run. */
    public String toCsv() {
        StringBuilder out = new StringBuilder(String.join(",", columns.stream().map(CompareViewModel::csv).toList()));
        out.append('\n');
        for (Map<String, String> row : rows) {
            out.append(columns.stream().map(c -> csv(row.getOrDefault(c, ""))).collect(Collectors.joining(",")));
            out.append('\n');
        }
        return out.toString();
    }

    /** Writes {@link #toCsv()} to a file. */
    public void exportCsv(Path file) throws IOException {
        Files.writeString(file, toCsv(), StandardCharsets.UTF_8);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
