package org.invwb.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunStore;

/**
 * What the Live and Runs panels export, written here so that it can be tested without a window: the
 * curves as CSV (every progress point), a run's spec.json (which {@code ./invwb run} re-runs), and a
 * stored run's progress read back from its events.jsonl. Files are written atomically.
 */
final class RunExports {

    /** Charts are drawn afresh at this size for export, whatever their size on screen. */
    static final int CHART_WIDTH = 1000;
    static final int CHART_HEIGHT = 560;

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunExports() {
    }

    /**
     * {@code iteration,scalar1,scalar2,...}: one line per progress point in the order received, one
     * column per scalar in the order first reported (a scalar a point lacks leaves its cell empty).
     * Values in Java's shortest exact form ({@code 1.0E-4}, {@code NaN}), independent of the locale.
     */
    static String curvesCsv(List<Progress> points) {
        Set<String> names = new LinkedHashSet<>();
        points.forEach(p -> names.addAll(p.scalars().keySet()));
        StringBuilder csv = new StringBuilder("iteration");
        names.forEach(n -> csv.append(',').append(n));
        csv.append('\n');
        for (Progress p : points) {
            csv.append(p.iteration());
            for (String name : names) {
                Double v = p.scalars().get(name);
                csv.append(',').append(v == null ? "" : Double.toString(v));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    static void writeCurvesCsv(List<Progress> points, Path file) throws IOException {
        writeAtomically(file, curvesCsv(points));
    }

    /** Copies the run's spec.json (every resolved value; {@code ./invwb run FILE} repeats the run). */
    static void copySpec(Path runDir, Path file) throws IOException {
        copy(runDir.resolve(RunStore.SPEC_FILE), file);
    }

    /** Copies the run's final.png (ground truth above the matched reconstruction). */
    static void copyFinalPicture(Path runDir, Path file) throws IOException {
        copy(runDir.resolve(RunStore.FINAL_FILE), file);
    }

    /** Every progress point in the run folder's events.jsonl; a line cut short by a stopped run is skipped. */
    static List<Progress> readProgress(Path runDir) {
        Path events = runDir.resolve(RunStore.EVENTS_FILE);
        List<Progress> out = new ArrayList<>();
        if (!Files.isRegularFile(events)) {
            return out;
        }
        try (BufferedReader in = Files.newBufferedReader(events, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                JsonNode node;
                try {
                    node = JSON.readTree(line);
                } catch (IOException e) {
                    continue;
                }
                if (node == null || !"progress".equals(node.path("type").asText())) {
                    continue;
                }
                Map<String, Double> scalars = new LinkedHashMap<>();
                node.path("scalars").fields().forEachRemaining(f -> {
                    if (f.getValue().isNumber()) {
                        scalars.put(f.getKey(), f.getValue().asDouble());
                    } else if (f.getValue().isNull()) {
                        scalars.put(f.getKey(), Double.NaN); // the run store writes NaN and infinities as null
                    }
                });
                out.add(new Progress(node.path("iteration").asInt(), scalars));
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    private static void copy(Path source, Path file) throws IOException {
        if (!Files.isRegularFile(source)) {
            throw new IOException(source.getFileName() + " is not in " + source.getParent());
        }
        Path tmp = temporary(file, source.getFileName().toString());
        try {
            Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = temporary(file, ".csv");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static Path temporary(Path file, String suffix) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return Files.createTempFile(dir, ".tmp-", suffix.startsWith(".") ? suffix : "-" + suffix);
    }
}
