package org.invwb.app.run;

import java.nio.file.Path;
import java.util.Locale;
import org.invwb.core.run.RunReport;

/** The table printed when a run ends: how it ended, how far and fast it got, its image metrics, where it is. */
public final class RunSummary {

    private RunSummary() {
    }

    public static String format(RunReport report, Path runDir) {
        StringBuilder text = new StringBuilder();
        row(text, "status", report.status());
        row(text, "iterations", Integer.toString(report.iterations()));
        row(text, "seconds", String.format(Locale.ROOT, "%.1f", report.seconds()));
        metric(text, report, "mse", "%.3e");
        metric(text, report, "psnr", "%.2f dB");
        metric(text, report, "ssim", "%.4f");
        metric(text, report, "labelAccuracy", "%.2f");
        if (report.note() != null) {
            row(text, "note", report.note());
        }
        // A cancelled run's reason is just "cancelled", which the status already says.
        if (report.reason() != null && !RunReport.CANCELLED.equals(report.status())) {
            row(text, "reason", report.reason());
        }
        row(text, "run folder", runDir.toAbsolutePath().normalize().toString());
        return text.toString();
    }

    private static void metric(StringBuilder text, RunReport report, String name, String format) {
        if (report.metrics().get(name) instanceof Number value) {
            row(text, name, String.format(Locale.ROOT, format, value.doubleValue()));
        }
    }

    private static void row(StringBuilder text, String name, String value) {
        text.append(String.format(Locale.ROOT, "%-14s %s%n", name, value));
    }
}
