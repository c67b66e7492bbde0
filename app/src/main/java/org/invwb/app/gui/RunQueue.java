package org.invwb.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.Failed;
import org.invwb.core.run.Finished;
import org.invwb.core.run.InputImages;
import org.invwb.core.run.JobState;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunEvent;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's runs: each launch becomes a run folder and a job queued on the compute thread, behind
 * any run already there. Keeps the runs that have not ended, the one the Live panel shows, and a
 * one-line summary for the status bar. Everything observable changes on the window's thread
 * ({@code ui}); state changes that the compute thread reports are posted there.
 */
public final class RunQueue {

    private static final Logger LOG = LoggerFactory.getLogger(RunQueue.class);
    /** The window shows every snapshot the run takes; the folder keeps them at this cadence unless set otherwise. */
    private static final int LIVE_SNAPSHOT_EVERY = 1;

    private final RunLauncher launcher;
    private final Supplier<Path> runsDir;
    private final IntSupplier storedSnapshotEvery;
    private final Executor ui;
    private final Executor io;
    private final Supplier<LocalDateTime> clock;
    private Supplier<String> device = () -> "cpu";
    private final ObservableList<RunSession> active = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunSession> current = new ReadOnlyObjectWrapper<>(this, "current");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "idle");
    private final List<Consumer<RunSession>> endListeners = new CopyOnWriteArrayList<>();

    /**
     * @param runsDir             where new run folders go (read at each launch: settings may change it)
     * @param storedSnapshotEvery how often a run folder keeps a snapshot PNG (the CLI's --snapshot-every)
     * @param ui                  runs code on the window's thread
     * @param io                  runs file reading off the window's thread
     */
    public RunQueue(RunLauncher launcher, Supplier<Path> runsDir, IntSupplier storedSnapshotEvery, Executor ui,
                    Executor io, Supplier<LocalDateTime> clock) {
        this.launcher = launcher;
        this.runsDir = runsDir;
        this.storedSnapshotEvery = storedSnapshotEvery;
        this.ui = ui;
        this.io = io;
        this.clock = clock;
    }

    /** Where the runs launched from now on compute ("cpu", "gpu:0"); cpu until set. */
    public void setDevice(Supplier<String> device) {
        this.device = device;
    }

    public RunLauncher launcher() {
        return launcher;
    }

    /**
     * Creates the run's folder and queues it. Call on the window's thread.
     *
     * @throws SpecException the spec does not resolve (nothing is created)
     * @throws IOException   the run folder cannot be created
     */
    public RunSession launch(Spec spec) throws SpecException, IOException {
        ResolvedSpec resolved = launcher.resolve(spec);
        Path dir = RunLauncher.freshRunDir(runsDir.get(), resolved.method(), clock.get());
        PreparedRun run = launcher.prepare(spec, resolved, dir, device.get(), LIVE_SNAPSHOT_EVERY,
                storedSnapshotEvery.getAsInt(), m -> m);
        RunSession session = new RunSession(run);
        run.job().addStateListener(state -> ui.execute(() -> changed(session, state)));
        boolean idle = active.isEmpty();
        active.add(session);
        if (idle) {
            current.set(session); // shown at once, as "starting", when nothing runs before it
        }
        updateSummary();
        loadGroundTruth(session);
        run.submit();
        return session;
    }

    /** Runs that have not ended: the one running (or paused) first, then those queued behind it. */
    public ObservableList<RunSession> active() {
        return FXCollections.unmodifiableObservableList(active);
    }

    /** The run the Live panel shows: the one running, else the last that ran. */
    public ReadOnlyObjectProperty<RunSession> currentProperty() {
        return current.getReadOnlyProperty();
    }

    public RunSession getCurrent() {
        return current.get();
    }

    /** "idle", "running idlg-20250101-120000", "paused …", "… · 2 queued". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public boolean isBusy() {
        return !active.isEmpty();
    }

    /** Runs waiting behind the one running (or behind the one starting, when none runs yet). */
    public int queuedCount() {
        long queued = active.stream().filter(s -> s.getState() == JobState.QUEUED).count();
        return (int) (runningOne() == null ? Math.max(0, queued - 1) : queued);
    }

    /** Told (on the window's thread) each time a run ends, after its folder is complete. */
    public void onEnded(Consumer<RunSession> listener) {
        endListeners.add(listener);
    }

    /** Asks every run, running or queued, to stop; each ends as cancelled with a complete folder. */
    public void cancelAll() {
        active.forEach(s -> s.control().cancel());
    }

    /** Completes when every run now active has ended. */
    public CompletableFuture<Void> whenIdle() {
        return CompletableFuture.allOf(active.stream().map(RunSession::report).toArray(CompletableFuture[]::new));
    }

    private RunSession runningOne() {
        return active.stream().filter(s -> s.getState() == JobState.RUNNING || s.getState() == JobState.PAUSED)
                .findFirst().orElse(null);
    }

    private void changed(RunSession session, JobState state) {
        session.setState(state);
        if (state == JobState.RUNNING && current.get() != session) {
            current.set(session);
        }
        if (state.isFinal()) {
            active.remove(session);
            RunEvent end = session.channel().ending();
            RunReport report = end instanceof Finished f ? f.report() : end instanceof Failed f ? f.report() : null;
            session.report().complete(report);
            for (Consumer<RunSession> listener : endListeners) {
                try {
                    listener.accept(session);
                } catch (RuntimeException e) {
                    LOG.warn("run-end listener failed", e);
                }
            }
        }
        updateSummary();
    }

    private void updateSummary() {
        RunSession running = runningOne();
        int waiting = queuedCount();
        String text;
        if (active.isEmpty()) {
            text = "idle";
        } else if (running == null) {
            text = "starting " + active.get(0).name();
        } else {
            text = (running.getState() == JobState.PAUSED ? "paused " : "running ") + running.name();
        }
        summary.set(waiting > 0 ? text + " · " + waiting + " queued" : text);
    }

    private void loadGroundTruth(RunSession session) {
        InputImages input = session.run().job().method().inputImages().orElse(null);
        if (input == null) {
            return;
        }
        ResolvedSpec resolved = session.run().resolved();
        io.execute(() -> {
            try {
                List<FloatImage> images = input.read(resolved);
                ui.execute(() -> session.setGroundTruth(images));
            } catch (Exception e) {
                // The run meets the same problem and reports it; the window then shows its reason.
                LOG.debug("ground truth of {} not shown: {}", session.name(), e.toString());
            }
        });
    }
}
