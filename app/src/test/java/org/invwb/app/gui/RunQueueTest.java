package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.JobState;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunQueueTest {

    private static final LocalDateTime T = LocalDateTime.of(2025, 1, 31, 14, 25, 1);

    @TempDir
    Path dir;

    private final ScriptedMethod method = new ScriptedMethod();
    private final QueuedUi ui = new QueuedUi();
    private RunQueue queue;

    @BeforeEach
    void setUp() {
        queue = new RunQueue(new RunLauncher(method.registry()), () -> dir, () -> 2, ui, Runnable::run, () -> T);
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.cancelAll();
        method.release(1000);
        ui.runUntil(() -> !queue.isBusy(), 30, "the runs to end");
    }

    private static Spec spec(int iterations) throws Exception {
        return Spec.parse("{\"method\": \"scripted\", \"parameters\": {\"iterations\": " + iterations + "}}");
    }

    @Test
    void aSecondRunQueuesBehindTheFirstAndTheSummarySaysSo() throws Exception {
        assertEquals("idle", queue.summaryProperty().get());
        RunSession first = queue.launch(spec(2));
        assertSame(first, queue.getCurrent(), "shown at once when nothing runs before it");
        ui.runUntil(() -> first.getState() == JobState.RUNNING, 30, "the first run to start");
        RunSession second = queue.launch(spec(1));
        assertEquals(JobState.QUEUED, second.getState());
        assertEquals(1, queue.queuedCount());
        assertEquals("running " + first.name() + " · 1 queued", queue.summaryProperty().get());
        assertNotEquals(first.runDir(), second.runDir(), "each run gets its own folder");
        assertEquals("scripted-20250131-142501", first.name());
        assertEquals("scripted-20250131-142501-2", second.name());

        List<String> ended = new ArrayList<>();
        queue.onEnded(s -> ended.add(s.name()));
        method.release(2);
        ui.runUntil(() -> second.getState() == JobState.RUNNING, 30, "the second run to start");
        assertSame(second, queue.getCurrent(), "the Live panel follows the run that starts");
        assertEquals("running " + second.name(), queue.summaryProperty().get());
        method.release(1);
        ui.runUntil(() -> !queue.isBusy(), 30, "both runs to end");
        assertEquals(List.of(first.name(), second.name()), ended);
        assertEquals("idle", queue.summaryProperty().get());
        assertEquals("done", first.report().get().status());
        assertEquals("done", RunStore.readReport(second.runDir()).get("status"));
    }

    @Test
    void theRunFolderKeepsSnapshotsAtTheStoredCadenceWhileTheWindowSeesEveryOne() throws Exception {
        RunSession s = queue.launch(spec(4));
        method.release(4);
        ui.runUntil(() -> s.getState().isFinal(), 30, "the run to end");
        try (var files = Files.list(s.runDir().resolve(RunStore.SNAPSHOT_DIR))) {
            assertEquals(List.of("000002.png", "000004.png"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void pauseAndResumeShowInTheStateAndTheSummary() throws Exception {
        RunSession s = queue.launch(spec(3));
        ui.runUntil(() -> s.getState() == JobState.RUNNING, 30, "the run to start");
        s.control().pause();
        method.release(1); // the run takes its permit, reports, and parks at the next checkpoint
        ui.runUntil(() -> s.getState() == JobState.PAUSED, 30, "the run to park");
        assertTrue(queue.summaryProperty().get().startsWith("paused "), queue.summaryProperty().get());
        s.control().resume();
        ui.runUntil(() -> s.getState() == JobState.RUNNING, 30, "the run to resume");
    }

    @Test
    void cancellingEverythingEndsRunningAndQueuedRunsAsCancelledWithCompleteFolders() throws Exception {
        RunSession running = queue.launch(spec(5));
        RunSession waiting = queue.launch(spec(5));
        ui.runUntil(() -> running.getState() == JobState.RUNNING, 30, "the first run to start");
        method.release(1);
        queue.cancelAll();
        ui.runUntil(() -> !queue.isBusy(), 30, "both runs to end");
        assertEquals("cancelled", RunStore.readReport(running.runDir()).get("status"));
        assertEquals("cancelled", RunStore.readReport(waiting.runDir()).get("status"));
        assertTrue(Files.isRegularFile(running.runDir().resolve(RunStore.SPEC_FILE)));
        assertFalse(queue.isBusy());
    }
}
