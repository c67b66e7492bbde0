package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {

    // A plain mapper refuses NaN and Infinity tokens, so it checks that what we wrote is valid JSON.
    private static final ObjectMapper STRICT = new ObjectMapper();
    private static final int CELL = FakeMethod.SIZE;

    @TempDir
    Path tmp;

    private final MethodRegistry registry = FakeMethod.registry(FakeMethod::new);

    private Spec spec(String parameters) throws SpecException {
        return Spec.parse("{\"method\": \"fake\", \"seed\": 5, \"description\": \"store test\","
                + " \"data\": {\"count\": 2}, \"parameters\": " + parameters + "}");
    }

    /** Runs the fake method into a fresh run folder, snapshots every 2 iterations. */
    private RunStore run(Path dir, Spec spec) throws Exception {
        ResolvedSpec resolved = registry.resolve(spec);
        RunStore store = RunStore.create(dir, spec, resolved);
        Job job = new Job(registry.find("fake").orElseThrow(), resolved, 2, "cpu");
        job.addSink(store);
        job.execute();
        return store;
    }

    private static List<JsonNode> events(Path dir) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(RunStore.EVENTS_FILE))) {
            lines.add(STRICT.readTree(line));
        }
        return lines;
    }

    private static JsonNode report(Path dir) throws IOException {
        return STRICT.readTree(dir.resolve(RunStore.REPORT_FILE).toFile());
    }

    @Test
    void aFinishedRunLeavesACompleteFolder() throws Exception {
        Path dir = tmp.resolve("run-1");
        Spec original = spec("{\"iterations\": 6}");
        RunStore store = run(dir, original);
        assertTrue(store.writeError().isEmpty());

        // spec.json: every resolved value; running it again resolves to the same values.
        Spec saved = Spec.load(dir.resolve(RunStore.SPEC_FILE));
        assertEquals("fake", saved.method());
        assertEquals(5, saved.seed());
        assertEquals("store test", saved.description());
        assertEquals(0.1, saved.json().at("/parameters/lr").doubleValue());
        assertEquals(registry.resolve(original), registry.resolve(saved));

        List<JsonNode> events = events(dir);
        assertEquals(6 + 3 + 1, events.size());
        assertEquals("progress", events.get(0).get("type").asText());
        assertEquals(1, events.get(0).get("iteration").asInt());
        assertEquals(1.0, events.get(0).at("/scalars/loss").asDouble());
        JsonNode snapshot = events.get(2);
        assertEquals("snapshot", snapshot.get("type").asText());
        assertEquals(2, snapshot.get("iteration").asInt());
        assertEquals("snapshots/000002.png", snapshot.get("file").asText());
        assertEquals("finished", events.get(events.size() - 1).get("type").asText());

        try (Stream<Path> files = Files.list(dir.resolve(RunStore.SNAPSHOT_DIR))) {
            assertEquals(List.of("000002.png", "000004.png", "000006.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        FloatImage snap = PngCodec.read(dir.resolve("snapshots/000004.png"));
        assertEquals(CELL + 2 * 2, snap.height()); // one row, padding 2
        assertEquals(2 * CELL + 3 * 2, snap.width()); // two images
        assertEquals(0.04f, snap.get(0, 2, 2), 1f / 255);

        FloatImage fin = PngCodec.read(dir.resolve(RunStore.FINAL_FILE));
        assertEquals(2 * CELL + 3 * 2, fin.height()); // ground truth row above reconstruction row
        assertEquals(2 * CELL + 3 * 2, fin.width());
        assertEquals(0.9f, fin.get(0, 2, 2), 1f / 255);
        assertEquals(0.4f, fin.get(0, CELL + 4, 2), 1f / 255);

        JsonNode report = report(dir);
        assertEquals("done", report.get("status").asText());
        assertEquals("fake", report.get("method").asText());
        assertEquals(5, report.get("seed").asInt());
        assertEquals("cpu", report.get("device").asText());
        assertEquals(6, report.get("iterations").asInt());
        assertTrue(report.get("seconds").isNumber());
        assertEquals(6, report.at("/parameters/parameters/iterations").asInt());
        assertEquals("bundled:photos", report.at("/parameters/data/source").asText());
        assertEquals(31.5, report.at("/metrics/psnr").asDouble());
        assertTrue(report.get("converged").asBoolean());
        assertTrue(report.get("reason").isNull());
        Instant.parse(report.get("startedAt").asText());
        assertEquals(System.getProperty("java.version"), report.at("/versions/java").asText());
        assertEquals("done", RunStore.readReport(dir).get("status"));
        assertNoTemporaryFiles(dir);
    }

    @Test
    void aKilledRunReadsAsRunning() throws Exception {
        Path dir = tmp.resolve("killed");
        Spec spec = spec("{}");
        RunStore store = RunStore.create(dir, spec, registry.resolve(spec));
        assertEquals("running", RunStore.readReport(dir).get("status"));
        store.accept(new Progress(1, Map.of("loss", 0.5)));
        store.accept(new Progress(2, Map.of("loss", 0.25)));
        // No Finished: the process "dies" here. Every line so far is already on disk.
        assertEquals(2, events(dir).size());
        store.close();

        Map<String, Object> report = RunStore.readReport(dir);
        assertEquals("running", report.get("status"));
        assertEquals("fake", report.get("method"));
        assertFalse(Files.exists(dir.resolve(RunStore.FINAL_FILE)));
    }

    @Test
    void nonFiniteNumbersAreWrittenAsNull() throws Exception {
        Path dir = tmp.resolve("nan");
        run(dir, spec("{\"ending\": \"nan\", \"iterations\": 3}"));
        JsonNode report = report(dir); // parses with a strict mapper, so the file is valid JSON
        assertEquals("done", report.get("status").asText());
        assertTrue(report.at("/metrics/psnr").isNull());
        assertTrue(report.at("/metrics/mse").isNull());
        for (JsonNode event : events(dir)) {
            if (event.get("type").asText().equals("progress")) {
                assertTrue(event.at("/scalars/loss").isNull());
            }
        }
    }

    @Test
    void aFailedRunKeepsItsReasonAndLastSnapshot() throws Exception {
        Path dir = tmp.resolve("failed");
        run(dir, spec("{\"ending\": \"failure\", \"iterations\": 5}"));
        JsonNode report = report(dir);
        assertEquals("failed", report.get("status").asText());
        assertEquals("objective became NaN", report.get("reason").asText());
        assertEquals(5, report.get("iterations").asInt());
        List<JsonNode> events = events(dir);
        JsonNode last = events.get(events.size() - 1);
        assertEquals("failed", last.get("type").asText());
        assertEquals("objective became NaN", last.get("reason").asText());
        FloatImage fin = PngCodec.read(dir.resolve(RunStore.FINAL_FILE));
        assertEquals(CELL + 2 * 2, fin.height()); // the snapshot of iteration 4, one row
        assertEquals(0.04f, fin.get(0, 2, 2), 1f / 255);
    }

    @Test
    void aFailedRunWithoutSnapshotsHasNoFinalImage() throws Exception {
        Path dir = tmp.resolve("crash");
        run(dir, spec("{\"ending\": \"crash\", \"iterations\": 1}"));
        assertEquals("failed", report(dir).get("status").asText());
        assertEquals("IllegalStateException: boom", report(dir).get("reason").asText());
        assertFalse(Files.exists(dir.resolve(RunStore.FINAL_FILE)));
    }

    @Test
    void logEventsAreRecorded() throws Exception {
        Path dir = tmp.resolve("log");
        Spec spec = spec("{}");
        try (RunStore store = RunStore.create(dir, spec, registry.resolve(spec))) {
            store.accept(new Log(Log.Level.WARN, "gradients are clipped"));
        }
        JsonNode line = events(dir).get(0);
        assertEquals("log", line.get("type").asText());
        assertEquals("WARN", line.get("level").asText());
        assertEquals("gradients are clipped", line.get("message").asText());
    }

    @Test
    void aNonEmptyFolderIsRefused() throws Exception {
        Path dir = tmp.resolve("used");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        Spec spec = spec("{}");
        IOException e = assertThrows(IOException.class, () -> RunStore.create(dir, spec, registry.resolve(spec)));
        assertEquals(dir + ": run folder exists and is not empty; choose a new folder", e.getMessage());
        assertEquals("keep me", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void anExistingEmptyFolderIsUsed() throws Exception {
        Path dir = tmp.resolve("empty");
        Files.createDirectories(dir);
        Spec spec = spec("{}");
        RunStore.create(dir, spec, registry.resolve(spec)).close();
        assertTrue(Files.exists(dir.resolve(RunStore.SPEC_FILE)));
    }

    @Test
    void aWriteErrorStopsWritingButNotTheRun() throws Exception {
        Path dir = tmp.resolve("broken");
        Spec spec = spec("{\"iterations\": 6}");
        ResolvedSpec resolved = registry.resolve(spec);
        RunStore store = RunStore.create(dir, spec, resolved);
        Files.writeString(dir.resolve(RunStore.SNAPSHOT_DIR), "a file where the folder should go");

        Job job = new Job(registry.find("fake").orElseThrow(), resolved, 2, "cpu");
        job.addSink(store);
        RunReport report = job.execute();

        assertEquals("done", report.status());
        assertTrue(store.writeError().isPresent());
        assertEquals(2, events(dir).size()); // iterations 1 and 2; the snapshot at 2 failed and writing stopped
        assertEquals("running", RunStore.readReport(dir).get("status"));
    }

    @Test
    void reportOfAMissingFolderNamesTheFile() {
        IOException e = assertThrows(IOException.class, () -> RunStore.readReport(tmp.resolve("nowhere")));
        assertTrue(e.getMessage().contains("report.json"), e.getMessage());
    }

    @Test
    void emptySnapshotsAreLoggedWithoutAFile() throws Exception {
        Path dir = tmp.resolve("nofile");
        Spec spec = spec("{}");
        try (RunStore store = RunStore.create(dir, spec, registry.resolve(spec))) {
            store.accept(new Snapshot(3, List.of()));
        }
        JsonNode line = events(dir).get(0);
        assertEquals("snapshot", line.get("type").asText());
        assertNull(line.get("file"));
    }

    @Test
    void artifactsAreWrittenWholeIntoTheRunFolder() throws Exception {
        Path dir = tmp.resolve("artifact");
        Spec spec = spec("{}");
        try (RunStore store = RunStore.create(dir, spec, registry.resolve(spec))) {
            store.accept(new Artifact("weights.bin", file -> Files.write(file, new byte[] {1, 2, 3})));
        }
        assertEquals(3, Files.size(dir.resolve("weights.bin")));
        assertFalse(Files.exists(dir.resolve("weights.bin.partial")));
        JsonNode line = events(dir).get(0);
        assertEquals("artifact", line.get("type").asText());
        assertEquals("weights.bin", line.get("file").asText());
    }

    @Test
    void artifactNamesCannotLeaveTheRunFolder() {
        for (String name : List.of("../x", "a/b", "..", ".hidden", "")) {
            assertThrows(IllegalArgumentException.class, () -> new Artifact(name, file -> { }), name);
        }
    }

    private static void assertNoTemporaryFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.getFileName().toString().startsWith(".tmp-")).toList());
        }
    }
}
