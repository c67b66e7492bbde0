package org.invwb.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.invwb.core.run.RunReport;

/**
 * The gradient suite's results: each cell's runs reduced to one row (means over the runs that finished),
 * as Markdown and as CSV. A cell whose method refused the setting shows the method's own reason.
 */
final class SuiteTable {

    /** What one cell ran: the method's settings as the table states them, and each run's report. */
    record CellResult(GradientSuite.Cell cell, String data, String model, Integer iterations,
                      List<RunReport> reports) {
    }

    /** Reasons longer than this are cut at the last clause (", " or "; ") that fits, else at a word. */
    private static final int SHORT_REASON = 120;

    private SuiteTable() {
    }

    /** The whole page: a title, the header lines, the settings of each method, then the results. */
    static String markdown(String title, List<String> header, List<CellResult> cells) {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n");
        for (String line : header) {
            md.append(line).append('\n');
        }
        return md.append('\n').append(settings(cells)).append('\n').append(results(cells)).toString();
    }

    /** One row per method: its data, model and iterations. */
    static String settings(List<CellResult> cells) {
        Map<String, CellResult> first = new LinkedHashMap<>();
        cells.forEach(c -> first.putIfAbsent(c.cell().method(), c));
        StringBuilder md = new StringBuilder("| method | data | model | iterations |\n|---|---|---|---|\n");
        first.values().forEach(c -> md.append(row(List.of("`" + c.cell().method() + "`", c.data(), c.model(),
                iterations(c)))));
        return md.toString();
    }

    /** One row per cell. */
    static String results(List<CellResult> cells) {
        StringBuilder md = new StringBuilder("| method | defense | batch | PSNR (dB) | SSIM | label accuracy | s per run"
                + " | images | note |\n|---|---|---|---|---|---|---|---|---|\n");
        for (CellResult c : cells) {
            List<String> cellsOfRow = new ArrayList<>(List.of("`" + c.cell().method() + "`", c.cell().defense().label(),
                    Integer.toString(c.cell().batch())));
            cellsOfRow.addAll(figures(c));
            cellsOfRow.add(note(c));
            md.append(row(cellsOfRow));
        }
        return md.toString();
    }

    static String csv(List<CellResult> cells) {
        StringBuilder csv = new StringBuilder(
                "method,defense,batch,psnr,ssim,labelAccuracy,secondsPerRun,images,data,model,iterations,note\n");
        for (CellResult c : cells) {
            List<String> fields = new ArrayList<>(List.of(c.cell().method(), c.cell().defense().id(),
                    Integer.toString(c.cell().batch())));
            fields.addAll(figures(c).stream().map(f -> f.equals("–") ? "" : f).toList());
            fields.addAll(List.of(c.data(), c.model(), c.iterations() == null ? "" : c.iterations().toString(),
                    note(c)));
            csv.append(String.join(",", fields.stream().map(SuiteTable::csvField).toList())).append('\n');
        }
        return csv.toString();
    }

    /** PSNR, SSIM, label accuracy, seconds per run and images averaged; "–" where no run finished. */
    private static List<String> figures(CellResult c) {
        List<RunReport> done = finished(c);
        if (done.isEmpty()) {
            return List.of("–", "–", "–", "–", "0");
        }
        return List.of(mean(done, "psnr", "%.2f"), mean(done, "ssim", "%.3f"), mean(done, "labelAccuracy", "%.2f"),
                String.format(Locale.ROOT, "%.1f", done.stream().mapToDouble(RunReport::seconds).average().orElseThrow()),
                Integer.toString(done.size() * c.cell().batch()));
    }

    /** Why a cell has fewer figures than runs: a refusal, failures, cancellation or nothing run. */
    static String note(CellResult c) {
        List<RunReport> reports = c.reports();
        if (reports.isEmpty()) {
            return "not run";
        }
        if (reports.stream().allMatch(SuiteTable::refused)) {
            return "refused: " + shortReason(reports.get(0).reason());
        }
        List<RunReport> other = reports.stream().filter(r -> !RunReport.DONE.equals(r.status())).toList();
        if (other.isEmpty()) {
            return "";
        }
        RunReport first = other.get(0);
        return other.size() + " of " + reports.size() + " runs " + first.status()
                + (first.reason() == null ? "" : ": " + shortReason(first.reason()));
    }

    /** A run the method refused: it failed before its first iteration. */
    static boolean refused(RunReport report) {
        return RunReport.FAILED.equals(report.status()) && report.iterations() == 0;
    }

    private static List<RunReport> finished(CellResult c) {
        return c.reports().stream().filter(r -> RunReport.DONE.equals(r.status())).toList();
    }

    /** The reason's first line, cut to {@link #SHORT_REASON} characters at a clause or word, "…" marking the cut. */
    static String shortReason(String reason) {
        String line = reason.strip().lines().findFirst().orElse("");
        if (line.length() <= SHORT_REASON) {
            return line;
        }
        String head = line.substring(0, SHORT_REASON + 1);
        int cut = Math.max(head.lastIndexOf(", "), head.lastIndexOf("; "));
        if (cut < SHORT_REASON / 4) {
            cut = head.lastIndexOf(' ');
        }
        return line.substring(0, cut > 0 ? cut : SHORT_REASON) + " …";
    }

    private static String mean(List<RunReport> reports, String metric, String format) {
        OptionalDouble mean = reports.stream().map(r -> r.metrics().get(metric))
                .filter(v -> v instanceof Number).mapToDouble(v -> ((Number) v).doubleValue()).average();
        return mean.isPresent() ? String.format(Locale.ROOT, format, mean.getAsDouble()) : "–";
    }

    private static String iterations(CellResult c) {
        return c.iterations() == null ? "–" : c.iterations().toString();
    }

    private static String row(List<String> cells) {
        return "| " + String.join(" | ", cells.stream().map(s -> s.replace("|", "\\|")).toList()) + " |\n";
    }

    private static String csvField(String field) {
        return field.contains(",") || field.contains("\"") || field.contains("\n")
                ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }
}
