package org.invwb.app.gui;

import org.invwb.app.notes.TeachingContent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableMap;
import org.invwb.app.run.IterationRate;
import org.invwb.core.attack.diffusion.DiffusionInversions;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.Failed;
import org.invwb.core.run.Finished;
import org.invwb.core.run.JobState;
import org.invwb.core.run.LiveChange;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunEvent;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Snapshot;
import org.invwb.core.run.SpecException;

/**
 * The Live panel's state for the run the queue shows: ground truth and reconstruction, every progress
 * point (for the curves), the latest value of each scalar, rate and time left, the snapshots received
 * so far (for the scrubber), the run's state and, once it has ended, its result as text.
 *
 * <p>{@link #drain()} moves what the run's {@link LiveChannel} has collected into these properties; the
 * view calls it on the window's thread when the run has sent something, at most ~20 times a second.
 * Nothing here waits for the run.
 */
public final class LiveViewModel {

    /** Which chart a scalar is drawn on. */
    /** Where a scalar is plotted: the objective's chart (its terms left, counters right) or image quality. */
    public enum Chart { OBJECTIVE, COUNTER, QUALITY }

    /**
     * Scalars that say where a run is rather than how well it does (a diffusion timestep, a search stage, a
     * restart, the class searched): on the objective's own axis they would set its scale, and a timestep
     * of −1 would turn its log scale linear.
     */
    private static final Set<String> COUNTERS = Set.of("timestep", "stage", "restart", "class");

    /** The panel keeps at most this many snapshots for the scrubber; beyond it, every other one is dropped. */
    static final int MAX_SNAPSHOTS = 600;
    private static final long RATE_WINDOW = TimeUnit.SECONDS.toNanos(3);

    private final LongSupplier clock;
    private final ReadOnlyObjectWrapper<RunSession> session = new ReadOnlyObjectWrapper<>(this, "session");
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", "No run yet");
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final ReadOnlyObjectWrapper<List<FloatImage>> groundTruth = new ReadOnlyObjectWrapper<>(this, "groundTruth", List.of());
    private final ReadOnlyObjectWrapper<List<FloatImage>> reconstruction = new ReadOnlyObjectWrapper<>(this, "reconstruction", List.of());
    private final ReadOnlyObjectWrapper<List<String>> reconstructionCaptions = new ReadOnlyObjectWrapper<>(this, "captions", List.of());
    private final ReadOnlyStringWrapper reconstructionTitle = new ReadOnlyStringWrapper(this, "reconstructionTitle", "reconstruction");
    private final ObservableList<Progress> points = FXCollections.observableArrayList();
    private final ObservableMap<String, Double> latest = FXCollections.observableMap(new LinkedHashMap<>());
    private final ReadOnlyIntegerWrapper iteration = new ReadOnlyIntegerWrapper(this, "iteration");
    private final ReadOnlyIntegerWrapper planned = new ReadOnlyIntegerWrapper(this, "planned");
    private final ReadOnlyStringWrapper rateText = new ReadOnlyStringWrapper(this, "rateText", "");
    private final ReadOnlyStringWrapper timeLeftText = new ReadOnlyStringWrapper(this, "timeLeftText", "");
    private final ObservableList<Snapshot> snapshots = FXCollections.observableArrayList();
    private final IntegerProperty shownSnapshot = new SimpleIntegerProperty(this, "shownSnapshot", -1);
    private final BooleanProperty following = new SimpleBooleanProperty(this, "following", true);
    private final ReadOnlyBooleanWrapper trajectory = new ReadOnlyBooleanWrapper(this, "trajectory");
    private final ReadOnlyStringWrapper resultText = new ReadOnlyStringWrapper(this, "resultText", "");
    private final ReadOnlyBooleanWrapper ended = new ReadOnlyBooleanWrapper(this, "ended");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private final ObservableList<String> messages = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper pauseRequested = new ReadOnlyBooleanWrapper(this, "pauseRequested");
    private final ReadOnlyObjectWrapper<TeachingContent> teaching = new ReadOnlyObjectWrapper<>(this, "teaching");
    private final ObservableList<ParamField> liveFields = FXCollections.observableArrayList();
    private final ObservableList<LiveChange> changes = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Notice> liveNotice = new ReadOnlyObjectWrapper<>(this, "liveNotice", Notice.NONE);
    private IterationRate rate = new IterationRate(RATE_WINDOW);
    private Runnable onArrival = () -> { };
    private List<FloatImage> finalReconstruction;
    private List<String> finalCaptions;

    public LiveViewModel(RunQueue queue, LongSupplier clock) {
        this.clock = clock;
        queue.currentProperty().addListener((o, old, now) -> show(now));
        shownSnapshot.addListener((o, old, now) -> showSnapshot());
        following.addListener((o, old, now) -> {
            if (now && !snapshots.isEmpty()) {
                shownSnapshot.set(snapshots.size() - 1);
            }
        });
        show(queue.getCurrent());
    }

    // --- what the view binds to ------------------------------------------------------------------

    public ReadOnlyObjectProperty<RunSession> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    /** The run's name and method, or "No run yet". */
    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<JobState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<FloatImage>> groundTruthProperty() {
        return groundTruth.getReadOnlyProperty();
    }

    /** The reconstruction shown: the newest snapshot, the one the scrubber points at, or the final one. */
    public ReadOnlyObjectProperty<List<FloatImage>> reconstructionProperty() {
        return reconstruction.getReadOnlyProperty();
    }

    /** One caption per reconstructed image once the run has scored them (e.g. "PSNR 24.1 dB"). */
    public ReadOnlyObjectProperty<List<String>> reconstructionCaptionsProperty() {
        return reconstructionCaptions.getReadOnlyProperty();
    }

    /** "reconstruction · iteration 120", "final reconstruction". */
    public ReadOnlyStringProperty reconstructionTitleProperty() {
        return reconstructionTitle.getReadOnlyProperty();
    }

    /** Every progress point of the run, in order; grows in batches, cleared when another run is shown. */
    public ObservableList<Progress> points() {
        return points;
    }

    /** The newest value of each scalar, in the order the run reports them. */
    public ObservableMap<String, Double> latest() {
        return latest;
    }

    public ReadOnlyIntegerProperty iterationProperty() {
        return iteration.getReadOnlyProperty();
    }

    /** The run's planned iterations, 0 when unknown. */
    public ReadOnlyIntegerProperty plannedProperty() {
        return planned.getReadOnlyProperty();
    }

    /** "2.4 it/s", or "" before two points are known. */
    public ReadOnlyStringProperty rateTextProperty() {
        return rateText.getReadOnlyProperty();
    }

    /** "1:23 left" at the current rate if it runs every planned iteration; "" when unknown or ended. */
    public ReadOnlyStringProperty timeLeftTextProperty() {
        return timeLeftText.getReadOnlyProperty();
    }

    /** The snapshots received so far, oldest first (thinned beyond {@value #MAX_SNAPSHOTS}). */
    public ObservableList<Snapshot> snapshots() {
        return snapshots;
    }

    /** Whether the snapshots are the states of one trajectory (the diffusion family), shown as a strip. */
    public ReadOnlyBooleanProperty trajectoryProperty() {
        return trajectory.getReadOnlyProperty();
    }

    /** Index into {@link #snapshots()} of the one shown; -1 when none. Set it to scrub. */
    public IntegerProperty shownSnapshotProperty() {
        return shownSnapshot;
    }

    /** Whether the newest snapshot is shown as it arrives (the scrubber sits at its end). */
    public BooleanProperty followingProperty() {
        return following;
    }

    /** How the run ended, as several readable lines (status, metrics, note or reason, folder); "" before. */
    public ReadOnlyStringProperty resultTextProperty() {
        return resultText.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty endedProperty() {
        return ended.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    /** The run's messages to the user (warnings, notes), newest last. */
    public ObservableList<String> messages() {
        return messages;
    }

    /** Whether the run has been asked to pause (it parks at its next iteration's end). */
    public ReadOnlyBooleanProperty pauseRequestedProperty() {
        return pauseRequested.getReadOnlyProperty();
    }

    /** One field per parameter of the run that may change while it goes ({@code .live()}), holding its value. */
    public ObservableList<ParamField> liveFields() {
        return liveFields;
    }

    /** Teaching mode's notes on the shown run's method (objective, terms, explanation); null with no run. */
    public ReadOnlyObjectProperty<TeachingContent> teachingProperty() {
        return teaching.getReadOnlyProperty();
    }

    /** The live changes the run has applied, in order (the charts mark each one). */
    public ObservableList<LiveChange> changes() {
        return changes;
    }

    /** What became of the last live change asked for. */
    public ReadOnlyObjectProperty<Notice> liveNoticeProperty() {
        return liveNotice.getReadOnlyProperty();
    }

    /** Told, on the compute thread, each time the shown run sends something (the view then asks for a frame). */
    public void setOnArrival(Runnable listener) {
        onArrival = listener;
        RunSession s = session.get();
        if (s != null) {
            s.channel().setOnArrival(listener);
        }
        listener.run(); // what came before it was set
    }

    // --- commands --------------------------------------------------------------------------------

    public void pause() {
        RunSession s = session.get();
        if (s != null && !ended.get()) {
            s.control().pause();
            pauseRequested.set(true);
        }
    }

    public void resume() {
        RunSession s = session.get();
        if (s != null && !ended.get()) {
            s.control().resume();
            pauseRequested.set(false);
        }
    }

    /** Pauses a running run, resumes a paused one (Space). */
    public void togglePause() {
        RunSession s = session.get();
        if (s == null || ended.get()) {
            return;
        }
        if (s.control().isPaused()) {
            resume();
        } else {
            pause();
        }
    }

    /** One more iteration, then paused again (pauses a running run). */
    public void step() {
        RunSession s = session.get();
        if (s != null && !ended.get()) {
            s.control().step();
            pauseRequested.set(true);
        }
    }

    /** Cancels the run; it ends within one iteration with status cancelled and a complete folder. */
    public void stop() {
        RunSession s = session.get();
        if (s != null && !ended.get()) {
            s.control().cancel();
        }
    }

    /**
     * Asks the run to use the value in {@code field} from its next iteration on. False, with the reason
     * in {@link #liveNoticeProperty()}, when the value is not valid or the run has ended.
     */
    public boolean applyLive(ParamField field) {
        RunSession s = session.get();
        if (s == null || ended.get()) {
            liveNotice.set(Notice.warning("The run has ended; change " + field.name() + " in the Attack panel and run again"));
            return false;
        }
        try {
            s.run().job().changeLive(field.section(), field.name(), field.value());
            liveNotice.set(Notice.info(field.name() + " becomes " + field.getText() + " at the next iteration"));
            return true;
        } catch (SpecException e) {
            liveNotice.set(Notice.error(e.getMessage()));
            return false;
        }
    }

    // --- the frame update ----------------------------------------------------------------------

    /** Takes in what the run sent since the last call. Window thread only; cheap when nothing came. */
    public void drain() {
        RunSession s = session.get();
        if (s == null) {
            return;
        }
        LiveChannel channel = s.channel();
        List<Progress> batch = channel.drainProgress();
        if (!batch.isEmpty()) {
            long now = clock.getAsLong();
            for (Progress p : batch) {
                rate.add(now, p.iteration());
            }
            Progress last = batch.get(batch.size() - 1);
            iteration.set(last.iteration());
            Map<String, Double> merged = new LinkedHashMap<>(latest);
            for (Progress p : batch) {
                merged.putAll(p.scalars());
            }
            latest.putAll(merged);
            points.addAll(batch);
            updateRate();
        }
        Snapshot snap = channel.takeSnapshot();
        if (snap != null && !ended.get()) {
            addSnapshot(snap);
        }
        for (Log log : channel.drainLogs()) {
            if (log.level().compareTo(Log.Level.INFO) >= 0) {
                messages.add(log.level() == Log.Level.INFO ? log.message() : log.level() + ": " + log.message());
            }
        }
        List<LiveChange> applied = s.control().live().applied();
        if (applied.size() > changes.size()) {
            changes.addAll(applied.subList(changes.size(), applied.size()));
            liveNotice.set(Notice.success(changes.get(changes.size() - 1).describe()));
        }
        RunEvent end = channel.ending();
        if (end != null && !ended.get()) {
            finish(s, end);
        }
    }

    /** The chart a scalar belongs on: image quality (PSNR, SSIM), a counter, or the objective and its terms. */
    public static Chart chartOf(String scalar) {
        if (scalar.equals("psnr") || scalar.equals("ssim")) {
            return Chart.QUALITY;
        }
        return COUNTERS.contains(scalar) ? Chart.COUNTER : Chart.OBJECTIVE;
    }

    /**
     * How a scalar's value is written: PSNR in dB with two decimals, SSIM with four, whole numbers (a
     * stage, a restart, a class) as they are, losses in scientific form.
     */
    public static String format(String scalar, double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (!scalar.equals("psnr") && !scalar.equals("ssim") && value == Math.rint(value) && Math.abs(value) < 1e6) {
            return String.format(Locale.ROOT, "%d", (long) value);
        }
        switch (scalar) {
            case "psnr":
                return Double.isInfinite(value) ? "∞ dB" : String.format(Locale.ROOT, "%.2f dB", value);
            case "ssim":
                return String.format(Locale.ROOT, "%.4f", value);
            default:
                return String.format(Locale.ROOT, "%.3e", value);
        }
    }

    /**
     * How a run ended, in a few readable lines: status, iterations and time; PSNR, SSIM, MSE and label
     * accuracy when known; the method's note, or the reason it failed; the run folder.
     */
    static String resultText(RunReport report, java.nio.file.Path runDir) {
        StringBuilder text = new StringBuilder();
        String took = report.iterations() + (report.iterations() == 1 ? " iteration" : " iterations")
                + " in " + duration(report.seconds());
        switch (report.status()) {
            case RunReport.DONE -> text.append("Done: ").append(took).append('.');
            case RunReport.CANCELLED -> text.append("Stopped after ").append(took)
                    .append("; the run folder keeps what it reached.");
            default -> text.append("Failed after ").append(took).append(": ")
                    .append(report.reason() == null ? "no reason given" : report.reason());
        }
        List<String> metrics = new ArrayList<>();
        metric(metrics, report, "psnr", "PSNR %.2f dB");
        metric(metrics, report, "ssim", "SSIM %.4f");
        metric(metrics, report, "mse", "MSE %.3e");
        metric(metrics, report, "labelAccuracy", "label accuracy %.2f");
        if (!metrics.isEmpty()) {
            text.append('\n').append(String.join("  ·  ", metrics));
        }
        if (report.note() != null && !report.note().isBlank()) {
            text.append('\n').append(Character.toUpperCase(report.note().charAt(0))).append(report.note().substring(1))
                    .append(report.note().endsWith(".") ? "" : ".");
        }
        text.append("\nRun folder: ").append(runDir.toAbsolutePath().normalize());
        return text.toString();
    }

    private static void metric(List<String> out, RunReport report, String name, String format) {
        if (report.metrics().get(name) instanceof Number n && Double.isFinite(n.doubleValue())) {
            out.add(String.format(Locale.ROOT, format, n.doubleValue()));
        }
    }

    /** Seconds as "42 s", "3:07" or "1:02:03". */
    static String duration(double seconds) {
        if (seconds < 10) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    // ---------------------------------------------------------------------------------------------

    private void show(RunSession next) {
        if (session.get() == next) {
            return;
        }
        RunSession previous = session.get();
        if (previous != null) {
            previous.groundTruthProperty().removeListener(groundTruthListener);
            previous.stateProperty().removeListener(stateListener);
            previous.channel().setOnArrival(() -> { });
        }
        session.set(next);
        points.clear();
        latest.clear();
        snapshots.clear();
        messages.clear();
        shownSnapshot.set(-1);
        following.set(true);
        iteration.set(0);
        rate = new IterationRate(RATE_WINDOW);
        rateText.set("");
        timeLeftText.set("");
        resultText.set("");
        ended.set(false);
        failed.set(false);
        pauseRequested.set(false);
        changes.clear();
        liveNotice.set(Notice.NONE);
        liveFields.setAll(next == null ? List.of() : liveFields(next));
        teaching.set(next == null ? null : TeachingContent.of(next.run().job().method()));
        trajectory.set(next != null && DiffusionInversions.FAMILY.equals(next.run().job().method().family()));
        finalReconstruction = null;
        finalCaptions = null;
        reconstruction.set(List.of());
        reconstructionCaptions.set(List.of());
        reconstructionTitle.set("reconstruction");
        if (next == null) {
            title.set("No run yet");
            state.set(null);
            groundTruth.set(List.of());
            planned.set(0);
            return;
        }
        title.set(next.name());
        planned.set(next.plannedIterations());
        groundTruth.set(next.groundTruthProperty().get());
        next.groundTruthProperty().addListener(groundTruthListener);
        state.set(next.getState());
        next.stateProperty().addListener(stateListener);
        next.channel().setOnArrival(onArrival);
        onArrival.run();
    }

    private final ChangeListener<List<FloatImage>> groundTruthListener = (o, old, now) -> {
        if (!ended.get() || groundTruth.get().isEmpty()) {
            groundTruth.set(now);
        }
    };

    private final ChangeListener<JobState> stateListener = (o, old, now) -> {
        // What the run sent before changing state is in the channel: take it first, so that "paused"
        // shows the iteration it paused at, and an ended run its last points and its result.
        drain();
        state.set(now);
    };

    /** The run's live parameters, each at the value it started with. */
    private static List<ParamField> liveFields(RunSession s) {
        List<ParamField> out = new ArrayList<>();
        s.run().resolved().sections().forEach((section, values) -> {
            for (ParamDecl decl : values.params().decls()) {
                if (decl.liveTunable()) {
                    ParamField field = new ParamField(section, values.params(), decl);
                    field.setText(ParamField.format(values.asMap().get(decl.name())));
                    out.add(field);
                }
            }
        });
        return out;
    }

    private void addSnapshot(Snapshot snap) {
        snapshots.add(snap);
        if (snapshots.size() > MAX_SNAPSHOTS) {
            // Keep the first and every other one after it: the scrubber still spans the whole run.
            List<Snapshot> thinned = new ArrayList<>();
            for (int i = 0; i < snapshots.size(); i++) {
                if (i % 2 == 0 || i == snapshots.size() - 1) {
                    thinned.add(snapshots.get(i));
                }
            }
            int shown = shownSnapshot.get();
            snapshots.setAll(thinned);
            if (!following.get() && shown >= 0) {
                shownSnapshot.set(Math.min(shown / 2, snapshots.size() - 1));
            }
        }
        if (following.get()) {
            if (shownSnapshot.get() == snapshots.size() - 1) {
                showSnapshot(); // same index, new content (after thinning)
            } else {
                shownSnapshot.set(snapshots.size() - 1);
            }
        }
    }

    private void showSnapshot() {
        int i = shownSnapshot.get();
        if (i < 0 || i >= snapshots.size()) {
            return;
        }
        boolean last = i == snapshots.size() - 1;
        if (ended.get() && last && finalReconstruction != null) {
            showFinal();
            return;
        }
        Snapshot snap = snapshots.get(i);
        reconstruction.set(snap.images());
        reconstructionCaptions.set(List.of());
        reconstructionTitle.set("reconstruction · iteration " + snap.iteration());
    }

    private void showFinal() {
        reconstruction.set(finalReconstruction);
        reconstructionCaptions.set(finalCaptions);
        reconstructionTitle.set("final reconstruction · iteration " + iteration.get());
    }

    private void updateRate() {
        double perSecond = rate.perSecond();
        if (!Double.isFinite(perSecond) || perSecond <= 0) {
            return;
        }
        rateText.set(String.format(Locale.ROOT, perSecond >= 10 ? "%.0f it/s" : "%.2f it/s", perSecond));
        int plan = planned.get();
        if (plan > 0 && iteration.get() < plan) {
            timeLeftText.set(duration((plan - iteration.get()) / perSecond) + " left");
        } else {
            timeLeftText.set("");
        }
    }

    private void finish(RunSession s, RunEvent end) {
        ended.set(true);
        pauseRequested.set(false);
        timeLeftText.set("");
        RunReport report;
        if (end instanceof Finished f) {
            report = f.report();
            if (!f.groundTruth().isEmpty()) {
                groundTruth.set(f.groundTruth());
            }
            if (!f.reconstruction().isEmpty()) {
                finalReconstruction = f.reconstruction();
                finalCaptions = captions(report, f.reconstruction().size());
            }
        } else {
            report = ((Failed) end).report();
            failed.set(true);
        }
        if (report.iterations() > 0) {
            iteration.set(report.iterations());
        }
        resultText.set(resultText(report, s.runDir()));
        if (finalReconstruction != null) {
            // The final images are scored and matched: show them, at the scrubber's end.
            following.set(true);
            if (snapshots.isEmpty() || snapshots.get(snapshots.size() - 1).iteration() != report.iterations()) {
                snapshots.add(new Snapshot(report.iterations(), finalReconstruction));
            }
            if (shownSnapshot.get() == snapshots.size() - 1) {
                showFinal();
            } else {
                shownSnapshot.set(snapshots.size() - 1);
            }
        }
    }

    /** "PSNR 24.10 dB · SSIM 0.8123" per image, from the report's perImage metrics when it has them. */
    private static List<String> captions(RunReport report, int count) {
        List<String> out = new ArrayList<>();
        if (report.metrics().get("perImage") instanceof List<?> perImage && perImage.size() == count) {
            for (Object row : perImage) {
                if (row instanceof Map<?, ?> m && m.get("psnr") instanceof Number psnr
                        && m.get("ssim") instanceof Number ssim) {
                    out.add(String.format(Locale.ROOT, "PSNR %.1f dB · SSIM %.3f", psnr.doubleValue(), ssim.doubleValue()));
                } else {
                    out.add("");
                }
            }
        }
        return out;
    }
}
