package org.invwb.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.invwb.app.run.PreparedRun;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.JobState;
import org.invwb.core.run.RunControl;
import org.invwb.core.run.RunReport;

/**
 * One run started from the window: its job and folder, the channel that carries its events to the
 * window, and its state as the window sees it (updated on the window's thread).
 */
public final class RunSession {

    private final PreparedRun run;
    private final LiveChannel channel = new LiveChannel();
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state", JobState.QUEUED);
    private final ReadOnlyObjectWrapper<List<FloatImage>> groundTruth =
            new ReadOnlyObjectWrapper<>(this, "groundTruth", List.of());
    private final CompletableFuture<RunReport> report = new CompletableFuture<>();

    RunSession(PreparedRun run) {
        this.run = run;
        run.job().addSink(channel);
    }

    public PreparedRun run() {
        return run;
    }

    public LiveChannel channel() {
        return channel;
    }

    public RunControl control() {
        return run.job().control();
    }

    /** The run folder's name, which names the run in the window. */
    public String name() {
        return run.runDir().getFileName().toString();
    }

    public Path runDir() {
        return run.runDir();
    }

    public String method() {
        return run.resolved().method();
    }

    public int plannedIterations() {
        return run.plannedIterations();
    }

    public ReadOnlyObjectProperty<JobState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public JobState getState() {
        return state.get();
    }

    void setState(JobState next) {
        state.set(next);
    }

    /** The images the run works against (a client's batch, the images inverted), known from the start when its method reads them from the spec. */
    public ReadOnlyObjectProperty<List<FloatImage>> groundTruthProperty() {
        return groundTruth.getReadOnlyProperty();
    }

    void setGroundTruth(List<FloatImage> images) {
        groundTruth.set(List.copyOf(images));
    }

    /** Completes with the run's report when it ends, however it ends. */
    public CompletableFuture<RunReport> report() {
        return report;
    }

    @Override
    public String toString() {
        return name();
    }
}
