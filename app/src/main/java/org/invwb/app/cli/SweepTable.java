package org.invwb.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.run.RunReport;

/** Rows of the sweep: the varied values, then how each run ended and scored. */
final class SweepTable {

    private static final String[] RESULT_COLUMNS = {"status", "converged", "iterations", "seconds", "psnr", "ssim",
        "labelAccuracy"};

    private final List<String> axes;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<RunReport> reports = new ArrayList<>();

    SweepTable(List<String> axes) {
        this.axes = axes;
    }

    String header() {
        List<String> cells = new ArrayList<>(axes);
        cells.addAll(List.of(RESULT_COLUMNS));
        return line(cells);
    }

    String add(Map<String, String> combination, RunReport report) {
        List<String> cells = new ArrayList<>(combination.values());
        cells.add(report.status());
        cells.add(Boolean.toString(report.converged()));
        cells.add(Integer.toString(report.iterations()));
        cells.add(String.format(Locale.ROOT, "%.1f", report.seconds()));
        cells.add(number(report, "psnr", "%.2f"));
        cells.add(number(report, "ssim", "%.4f"));
        cells.add(number(report, "labelAccuracy", "%.2f"));
        rows.add(cells);
        reports.add(report);
        return line(cells);
    }

    String summary(double successPsnr) {
        long done = reports.stream().filter(r -> RunReport.DONE.equals(r.status())).count();
        long converged = reports.stream().filter(RunReport::converged).count();
        long above = reports.stream().filter(r -> value(r, "psnr") >= successPsnr).count();
        double meanPsnr = reports.stream().mapToDouble(r -> value(r, "psnr")).filter(Double::isFinite).average().orElse(Double.NaN);
        int n = reports.size();
        return String.format(Locale.ROOT, "runs          %d (%d done)%nconverged     %d of %d (%.0f %%)%n"
                + "PSNR >= %.0f dB %d of %d (%.0f %%)%nmean PSNR     %.2f dB%n",
                n, done, converged, n, 100.0 * converged / n, successPsnr, above, n, 100.0 * above / n, meanPsnr);
    }

    String csv() {
        List<String> columns = new ArrayList<>(axes);
        columns.addAll(List.of(RESULT_COLUMNS));
        StringBuilder text = new StringBuilder(String.join(",", columns)).append('\n');
        for (List<String> row : rows) {
            text.append(String.join(",", row)).append('\n');
        }
        return text.toString();
    }

    private static String number(RunReport report, String metric, String format) {
        double v = value(report, metric);
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static double value(RunReport report, String metric) {
        return report.metrics().get(metric) instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String line(List<String> cells) {
        StringBuilder text = new StringBuilder();
        for (String cell : cells) {
            text.append(String.format(Locale.ROOT, "%-14s", cell));
        }
        return text.toString().stripTrailing();
    }
}
