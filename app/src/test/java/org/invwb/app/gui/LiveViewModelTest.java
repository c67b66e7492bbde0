package org.invwb.app.gui;

import org.invwb.app.notes.ScalarNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.JobState;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveViewModelTest {

    @TempDir
    Path dir;

    private final ScriptedMethod method = new ScriptedMethod();
    private final QueuedUi ui = new QueuedUi();
    private final AtomicLong clock = new AtomicLong();
    private RunQueue queue;
    private LiveViewModel live;

    @BeforeEach
    void setUp() {
        queue = new RunQueue(new RunLauncher(method.registry()), () -> dir, () -> 10, ui, Runnable::run,
                LocalDateTime::now);
        live = new LiveViewModel(queue, clock::get);
    }

    @AfterEach
    void tearDown() throws Exception {
        queue.cancelAll();
        method.release(1000);
        ui.runUntil(() -> !queue.isBusy(), 30, "the runs to end");
    }

    private RunSession start(int iterations) throws Exception {
        return queue.launch(Spec.parse("{\"method\": \"scripted\", \"parameters\": {\"iterations\": " + iterations + "}}"));
    }

    /** Lets n iterations run and drains, as the view's frame timer does, until they have arrived. */
    private void advance(int n, int expectedIteration) throws Exception {
        method.release(n);
        ui.runUntil(() -> {
            clock.addAndGet(500_000_000L); // half a second per frame: 2 it/s at one iteration per frame
            live.drain();
            // Each snapshot is taken in before the next iteration is let through, so none is replaced unseen.
            return live.iterationProperty().get() >= expectedIteration && !live.snapshots().isEmpty()
                    && live.snapshots().get(live.snapshots().size() - 1).iteration() >= expectedIteration;
        }, 30, "iteration " + expectedIteration);
    }

    @Test
    void showsTheRunAsItGoes() throws Exception {
        assertEquals("No run yet", live.titleProperty().get());
        RunSession s = start(10);
        assertEquals(s.name(), live.titleProperty().get());
        assertEquals(10, live.plannedProperty().get());
        advance(1, 1);
        advance(1, 2);
        assertEquals(2, live.points().size(), "every progress point, for the curves");
        assertEquals(List.of("loss", "psnr", "ssim"), List.copyOf(live.latest().keySet()));
        assertEquals(12.0, live.latest().get("psnr"));
        assertEquals(2, live.snapshots().size());
        assertEquals(1, live.shownSnapshotProperty().get(), "following the newest snapshot");
        assertEquals(0.2f, live.reconstructionProperty().get().get(0).get(0, 0, 0), 1e-6);
        assertEquals("reconstruction · iteration 2", live.reconstructionTitleProperty().get());
        assertFalse(live.rateTextProperty().get().isEmpty());
        assertTrue(live.timeLeftTextProperty().get().endsWith(" left"), live.timeLeftTextProperty().get());
    }

    @Test
    void theScrubberShowsAnEarlierSnapshotAndStopsFollowing() throws Exception {
        start(10);
        advance(1, 1);
        advance(1, 2);
        advance(1, 3);
        live.followingProperty().set(false);
        live.shownSnapshotProperty().set(0);
        assertEquals(0.1f, live.reconstructionProperty().get().get(0).get(0, 0, 0), 1e-6);
        assertEquals("reconstruction · iteration 1", live.reconstructionTitleProperty().get());
        advance(1, 4);
        assertEquals(0, live.shownSnapshotProperty().get(), "a scrubbed view stays where the user put it");
        live.followingProperty().set(true);
        assertEquals(3, live.shownSnapshotProperty().get());
    }

    @Test
    void theEndShowsTheScoredImagesAndReadableResult() throws Exception {
        RunSession s = start(3);
        advance(3, 3);
        ui.runUntil(() -> live.endedProperty().get(), 30, "the end");
        assertEquals(JobState.DONE, live.stateProperty().get());
        String text = live.resultTextProperty().get();
        assertTrue(text.startsWith("Done: 3 iterations in "), text);
        assertTrue(text.contains("PSNR 13.00 dB"), text);
        assertTrue(text.contains("SSIM 0.3000"), text);
        assertTrue(text.contains("Finished 3 iterations."), text);
        assertTrue(text.contains(s.runDir().getFileName().toString()), text);
        assertFalse(text.contains("\tat "), "no stack trace");
        assertEquals(List.of("PSNR 13.0 dB · SSIM 0.300"), live.reconstructionCaptionsProperty().get());
        assertTrue(live.reconstructionTitleProperty().get().startsWith("final reconstruction"));
        assertEquals(1, live.groundTruthProperty().get().size(), "ground truth from the run's outcome");

        // The Live panel's CSV holds every point the run sent, as its folder's events.jsonl does.
        String expected = "iteration,loss,psnr,ssim\n1,1.0,11.0,0.1\n2,0.5,12.0,0.2\n3,0.3333333333333333,13.0,0.3\n";
        assertEquals(expected, RunExports.curvesCsv(live.points()));
        assertEquals(expected, RunExports.curvesCsv(RunExports.readProgress(s.runDir())));
    }

    @Test
    void pauseStepResumeAndStopActOnTheRunsControl() throws Exception {
        RunSession s = start(50);
        advance(1, 1);
        live.togglePause();
        assertTrue(live.pauseRequestedProperty().get());
        assertTrue(s.control().isPaused());
        live.togglePause();
        assertFalse(s.control().isPaused());
        live.step();
        assertTrue(s.control().isPaused(), "a step on a running run pauses it");
        live.resume();
        live.stop();
        method.release(1);
        ui.runUntil(() -> live.endedProperty().get(), 30, "the cancelled run to end");
        assertEquals(JobState.CANCELLED, live.stateProperty().get());
        assertTrue(live.resultTextProperty().get().startsWith("Stopped after "), live.resultTextProperty().get());
        assertEquals(RunReport.CANCELLED, s.report().get().status());
    }

    @Test
    void aLiveChangeReachesTheNextIterationAndIsMarked() throws Exception {
        start(10);
        advance(2, 2);
        assertEquals(List.of("parameters.lr"), live.liveFields().stream().map(ParamField::path).toList());
        ParamField lr = live.liveFields().get(0);
        assertEquals("0.1", lr.getText(), "the value the run started with");

        lr.setText("-1");
        assertFalse(live.applyLive(lr));
        assertEquals("parameters.lr: -1 is out of range [1.0E-6, 10]", live.liveNoticeProperty().get().text());

        lr.setText("0.05");
        assertTrue(live.applyLive(lr));
        advance(1, 3);
        assertEquals(List.of(0.1, 0.1, 0.05), method.lrs, "iteration 3 uses the new value");
        assertEquals(1, live.changes().size());
        assertEquals(3, live.changes().get(0).iteration(), "the charts mark the first iteration that used it");
        assertTrue(live.messages().contains("lr 0.1 → 0.05 from iteration 3"), live.messages().toString());
        assertEquals("lr 0.1 → 0.05 from iteration 3", live.liveNoticeProperty().get().text());

        live.stop();
        method.release(1);
        ui.runUntil(() -> live.endedProperty().get(), 30, "the end");
        assertFalse(live.applyLive(lr), "an ended run takes no change");
    }

    @Test
    void aFailedRunShowsItsReasonNotATrace() {
        RunReport failed = new RunReport(RunReport.FAILED, "dlg", 0, "cpu", 4, 2.5, Map.of(), Map.of(), false, null,
                "gradient distance became NaN at iteration 5 (L-BFGS diverged); try another seed or a smaller lr",
                "2025-01-01T00:00:00Z", Map.of());
        String text = LiveViewModel.resultText(failed, dir.resolve("dlg-1"));
        assertTrue(text.startsWith("Failed after 4 iterations in 2.5 s: gradient distance became NaN"), text);
    }

    @Test
    void scalarsAreNamedAndPlacedForPeople() {
        assertEquals("gradient distance", ScalarNames.display("gradientDistance"));
        assertEquals("PSNR", ScalarNames.display("psnr"));
        assertEquals(LiveViewModel.Chart.QUALITY, LiveViewModel.chartOf("ssim"));
        assertEquals(LiveViewModel.Chart.OBJECTIVE, LiveViewModel.chartOf("gradientDistance"));
        assertEquals(LiveViewModel.Chart.COUNTER, LiveViewModel.chartOf("timestep"));
        assertEquals("1.235e-03", LiveViewModel.format("gradientDistance", 0.0012351));
        assertEquals("20.91 dB", LiveViewModel.format("psnr", 20.9071));
        assertEquals("3", LiveViewModel.format("stage", 3.0), "whole numbers as they are");
        assertEquals("1.000e+06", LiveViewModel.format("objective", 1e6));
        assertEquals("1:24", LiveViewModel.duration(84.2));
        assertEquals("1:02:03", LiveViewModel.duration(3723));
    }
}
