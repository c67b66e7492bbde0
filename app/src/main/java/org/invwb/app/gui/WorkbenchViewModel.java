package org.invwb.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.invwb.app.run.Devices;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.fl.FederatedRound;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/**
 * The window's view models and what they share: settings, the run queue, and which panel is in front.
 * Only view models talk to core; views bind to these.
 */
public final class WorkbenchViewModel {

    /** The panels of the main window. */
    public enum Panel { ROUND, ATTACK, LIVE, RUNS, COMPARE, MODELS, DATA }

    private final Settings settings;
    private final RunQueue queue;
    private final AttackViewModel attack;
    private final LiveViewModel live;
    private final RunsViewModel runs;
    private final CompareViewModel compare;
    private final DataViewModel data;
    private final RoundViewModel round;
    private final ModelsViewModel models;
    private final StatusViewModel status;
    private final Path samplesDir;
    private final ObjectProperty<Panel> panel = new SimpleObjectProperty<>(this, "panel", Panel.ATTACK);

    /**
     * @param ui          runs code on the window's thread
     * @param io          runs file work off it
     * @param devices     the compute devices the engine offers, and their descriptions
     * @param samplesDir  the sample projects folder (File → Open sample), or null
     */
    public WorkbenchViewModel(Settings settings, MethodRegistry registry, Executor ui, Executor io,
                              Devices devices, LongSupplier clock, Path samplesDir) {
        this.settings = settings;
        this.samplesDir = samplesDir;
        queue = new RunQueue(new RunLauncher(registry), settings::getRunsDir, () -> settings.snapshotEveryProperty().get(),
                ui, io, LocalDateTime::now);
        queue.setDevice(settings.deviceProperty()::get);
        attack = new AttackViewModel(registry, queue);
        live = new LiveViewModel(queue, clock);
        runs = new RunsViewModel(settings::getRunsDir, attack, ui, io);
        status = new StatusViewModel(queue, devices, settings.deviceProperty(), ui);
        attack.setOnLaunched(session -> panel.set(Panel.LIVE));
        attack.setOnSpecChanged(settings::setLastSpec);
        runs.setOnRerun(() -> panel.set(Panel.ATTACK));
        compare = new CompareViewModel(ui, io);
        data = new DataViewModel(ui, io);
        round = new RoundViewModel(settings::getRunsDir, attack, ui, io);
        round.setOnAttack(() -> panel.set(Panel.ATTACK));
        models = new ModelsViewModel(settings::getRunsDir, attack, ui, io);
        models.setOnOpenAttack(() -> panel.set(Panel.ATTACK));
        runs.setOnShowRound(dir -> {
            round.show(dir);
            panel.set(Panel.ROUND);
        });
        runs.setOnCompare(dirs -> {
            compare.show(dirs);
            panel.set(Panel.COMPARE);
        });
        queue.onEnded(session -> {
            runs.refresh();
            round.refresh();
            models.refresh();
            // a round that has just ended is shown at once, as the next thing to look at
            if (FederatedRound.NAME.equals(session.method())) {
                round.show(session.runDir());
            }
        });
        settings.runsDirProperty().addListener((o, old, now) -> {
            runs.refresh();
            round.refresh();
            models.refresh();
        });
        restoreLastSpec();
    }

    public Settings settings() {
        return settings;
    }

    public RunQueue queue() {
        return queue;
    }

    public AttackViewModel attack() {
        return attack;
    }

    public LiveViewModel live() {
        return live;
    }

    public CompareViewModel compare() {
        return compare;
    }

    /** The Data panel. */
    public DataViewModel data() {
        return data;
    }

    /** The Federated round panel. */
    public RoundViewModel round() {
        return round;
    }

    /** The Models panel. */
    public ModelsViewModel models() {
        return models;
    }

    public RunsViewModel runs() {
        return runs;
    }

    public StatusViewModel status() {
        return status;
    }

    /** The panel in front; view models set it (a launch shows Live, a re-run shows Attack). */
    public ObjectProperty<Panel> panelProperty() {
        return panel;
    }

    /** The sample specs (sample-projects/**.json), sorted by path; empty when the folder is not found. */
    public List<Path> samples() {
        if (samplesDir == null || !Files.isDirectory(samplesDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(samplesDir, 3)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    public Path samplesDir() {
        return samplesDir;
    }

    /** Whether a run is going or queued. */
    public boolean isBusy() {
        return queue.isBusy();
    }

    /** Runs going or queued. */
    public int activeRuns() {
        return queue.active().size();
    }

    /** Asks every run, going or queued, to stop; each ends as cancelled with a complete folder. */
    public void cancelRuns() {
        queue.cancelAll();
    }

    /** Completes when every run now active has ended. */
    public java.util.concurrent.CompletableFuture<Void> whenIdle() {
        return queue.whenIdle();
    }

    /** Saves what the window remembers. */
    public void saveState() {
        String json = attack.draftJson();
        if (json != null) {
            settings.setLastSpec(json);
        }
        settings.flush();
    }

    private void restoreLastSpec() {
        String json = settings.getLastSpec();
        if (json == null) {
            return;
        }
        try {
            attack.load(Spec.parse(json), "last session's spec");
        } catch (SpecException e) {
            // An unreadable remembered spec is not worth a message; the form keeps its defaults.
        }
    }
}
