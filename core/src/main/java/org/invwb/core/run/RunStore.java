package org.invwb.core.run;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a run folder as the events arrive: spec.json, events.jsonl (one flushed line per event),
 * snapshots/NNNNNN.png, final.png and report.json. report.json says "running" until the last event,
 * so a folder left by a killed process reads as incomplete; JSON files are replaced atomically.
 *
 * <p>A failed write (disk full, folder removed) must not stop the run: it is logged, kept in
 * {@link #writeError()}, and nothing more is written.
 */
public final class RunStore implements EventSink, AutoCloseable {

    public static final String SPEC_FILE = "spec.json";
    public static final String EVENTS_FILE = "events.jsonl";
    public static final String REPORT_FILE = "report.json";
    public static final String FINAL_FILE = "final.png";
    public static final String SNAPSHOT_DIR = "snapshots";

    private static final Logger LOG = LoggerFactory.getLogger(RunStore.class);
    private static final int GRID_PADDING = 2;

    private final Path runDir;
    private final BufferedWriter events;
    private List<FloatImage> lastSnapshot = List.of();
    private IOException writeError;
    private boolean closed;

    private RunStore(Path runDir, BufferedWriter events) {
        this.runDir = runDir;
        this.events = events;
    }

    /**
     * Starts a run folder. Refuses a folder that has anything in it, so an earlier run is never
     * overwritten. spec.json holds every resolved value, so the folder can be run again as it was.
     */
    public static RunStore create(Path runDir, Spec originalSpec, ResolvedSpec resolved) throws IOException {
        if (Files.exists(runDir)) {
            if (!Files.isDirectory(runDir)) {
                throw new IOException(runDir + ": exists and is not a folder");
            }
            try (Stream<Path> entries = Files.list(runDir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(runDir + ": run folder exists and is not empty; choose a new folder");
                }
            }
        }
        try {
            Files.createDirectories(runDir);
            Json.writeAtomically(runDir.resolve(SPEC_FILE), resolved.toSpec(originalSpec.description()).json());
            Json.writeAtomically(runDir.resolve(REPORT_FILE), RunReport.running(resolved, Instant.now().toString()));
            BufferedWriter events = Files.newBufferedWriter(runDir.resolve(EVENTS_FILE), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new RunStore(runDir, events);
        } catch (FileSystemException e) {
            // A plain IOException, so that the message names the folder to fix, not a file inside it.
            Path folder = nearestExisting(runDir);
            throw new IOException("cannot write the run folder " + runDir + ": " + folder + " is read-only or not"
                    + " writable (" + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason())
                    + "); choose another output folder", e);
        }
    }

    /** {@code dir} or its closest ancestor that exists: the folder whose permissions decide. */
    private static Path nearestExisting(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p.getParent() != null && !Files.isDirectory(p)) {
            p = p.getParent();
        }
        return p;
    }

    /** report.json of a run folder, as written (status "running" for a run that never ended). */
    public static Map<String, Object> readReport(Path runDir) throws IOException {
        return Json.MAPPER.readValue(runDir.resolve(REPORT_FILE).toFile(),
                new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    public Path runDir() {
        return runDir;
    }

    /** The first write that failed, after which the store stopped writing. */
    public synchronized Optional<IOException> writeError() {
        return Optional.ofNullable(writeError);
    }

    @Override
    public synchronized void accept(RunEvent event) {
        if (closed) {
            return;
        }
        try {
            if (event instanceof Progress p) {
                line(entry("progress", "iteration", p.iteration(), "scalars", p.scalars()));
            } else if (event instanceof Snapshot s) {
                snapshot(s);
            } else if (event instanceof Log l) {
                line(entry("log", "level", l.level(), "message", l.message()));
            } else if (event instanceof Artifact a) {
                artifact(a);
            } else if (event instanceof Finished f) {
                line(entry("finished", "status", f.report().status(), "iterations", f.report().iterations()));
                end(f.report(), f.groundTruth(), f.reconstruction());
            } else if (event instanceof Failed f) {
                line(entry("failed", "reason", f.reason(), "iterations", f.report().iterations()));
                end(f.report(), List.of(), List.of());
            }
        } catch (IOException e) {
            writeError = e;
            LOG.error("run folder {}: writing stopped: {}", runDir, e.toString());
            closeQuietly();
        }
    }

    /** Stops writing without ending the run's report (it keeps saying "running"). */
    @Override
    public synchronized void close() {
        closeQuietly();
    }

    private void snapshot(Snapshot s) throws IOException {
        if (s.images().isEmpty()) {
            line(entry("snapshot", "iteration", s.iteration(), "file", null));
            return;
        }
        String file = String.format("%s/%06d.png", SNAPSHOT_DIR, s.iteration());
        PngCodec.write(PngCodec.grid(List.of(s.images()), GRID_PADDING), runDir.resolve(file));
        lastSnapshot = s.images();
        line(entry("snapshot", "iteration", s.iteration(), "file", file));
    }

    private void artifact(Artifact a) throws IOException {
        Path target = runDir.resolve(a.fileName());
        Path partial = runDir.resolve(a.fileName() + ".partial");
        a.writer().write(partial);
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        line(entry("artifact", "file", a.fileName(), null, null));
    }

    // final.png first and report.json last: a report that is no longer "running" means the folder is complete.
    private void end(RunReport report, List<FloatImage> truth, List<FloatImage> reconstruction) throws IOException {
        closed = true;
        events.close();
        List<List<FloatImage>> rows = new ArrayList<>();
        if (!truth.isEmpty()) {
            rows.add(truth);
        }
        if (!reconstruction.isEmpty()) {
            rows.add(reconstruction);
        }
        if (reconstruction.isEmpty() && !lastSnapshot.isEmpty()) {
            rows.add(lastSnapshot);
        }
        if (!rows.isEmpty()) {
            PngCodec.write(PngCodec.grid(rows, GRID_PADDING), runDir.resolve(FINAL_FILE));
        }
        Json.writeAtomically(runDir.resolve(REPORT_FILE), report);
    }

    private void line(Map<String, Object> entry) throws IOException {
        events.write(Json.line(entry));
        events.newLine();
        events.flush();
    }

    private static Map<String, Object> entry(String type, String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        m.put(k1, v1);
        if (v2 != null) {
            m.put(k2, v2);
        }
        return m;
    }

    private void closeQuietly() {
        closed = true;
        try {
            events.close();
        } catch (IOException e) {
            LOG.debug("closing {} failed: {}", EVENTS_FILE, e.toString());
        }
    }
}
