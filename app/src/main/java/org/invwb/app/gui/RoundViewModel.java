package org.invwb.app.gui;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.core.attack.gradient.Idlg;
import org.invwb.core.attack.gradient.InvertingGradients;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.fl.FederatedRound;
import org.invwb.core.fl.Observation;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.StoredObservation;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.invwb.visualizers.UpdateHeatMap;

/**
 * The Federated round panel's state: what the server received in a federated-round run folder (the victim
 * client's images, kept beside the observation for scoring; the update, tensor by tensor; the protocol and
 * the defense from observation.json), the test accuracy after every round and the privacy spent, from its
 * report; and the step to attack that observation. Folders are read off the window's thread.
 */
public final class RoundViewModel {

    /** A federated round as read from its folder. Plain data, made off the window's thread. */
    public record StoredRound(Path dir, List<FloatImage> images, List<String> captions, List<UpdateHeatMap.Layer> layers,
                            List<Double> accuracy, Double epsilon, String protocol, String defense, String victim,
                            UpdateKind kind, int batchSize) {
    }

    private final Supplier<Path> runsDir;
    private final AttackViewModel attack;
    private final Executor ui;
    private final Executor io;
    private final ObservableList<Path> rounds = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<StoredRound> shown = new ReadOnlyObjectWrapper<>(this, "shown");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice", Notice.NONE);
    private final ReadOnlyStringWrapper attackText = new ReadOnlyStringWrapper(this, "attackText", "Attack this observation");
    private Runnable onAttack = () -> { };
    private int generation;

    public RoundViewModel(Supplier<Path> runsDir, AttackViewModel attack, Executor ui, Executor io) {
        this.runsDir = runsDir;
        this.attack = attack;
        this.ui = ui;
        this.io = io;
    }

    /** The federated-round run folders in the runs directory, newest first. */
    public ObservableList<Path> rounds() {
        return rounds;
    }

    /** The round shown, or null before one has been read (or after one failed). */
    public ReadOnlyObjectProperty<StoredRound> shownProperty() {
        return shown.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** "Attack this observation with inverting-gradients". */
    public ReadOnlyStringProperty attackTextProperty() {
        return attackText.getReadOnlyProperty();
    }

    /** Told after "Attack this observation" has loaded its spec into the Attack panel. */
    public void setOnAttack(Runnable listener) {
        onAttack = listener;
    }

    /** Lists the federated-round runs again, off the window's thread. */
    public void refresh() {
        Path dir = runsDir.get();
        io.execute(() -> {
            List<Path> found = RunsViewModel.scan(dir).stream()
                    .filter(r -> FederatedRound.NAME.equals(r.method())).map(RunsViewModel.RunRow::dir).toList();
            ui.execute(() -> rounds.setAll(found));
        });
    }

    /** Reads {@code dir} (a federated-round run folder, or a bare observation folder) off the window's thread. */
    public void show(Path dir) {
        if (dir == null) {
            return;
        }
        int mine = ++generation;
        notice.set(Notice.info("Reading " + dir.getFileName() + "…"));
        io.execute(() -> {
            StoredRound read = null;
            String problem = null;
            try {
                read = read(dir);
            } catch (IOException e) {
                problem = e.getMessage();
            } catch (RuntimeException e) {
                problem = dir + ": cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage()) + ")";
            }
            StoredRound done = read;
            String why = problem;
            ui.execute(() -> {
                if (mine != generation) {
                    return; // another folder was asked for meanwhile
                }
                shown.set(done);
                notice.set(done == null ? Notice.error(why) : Notice.NONE);
                attackText.set(done == null ? "Attack this observation"
                        : "Attack this observation with " + attackMethod(done.kind(), done.batchSize()));
            });
        });
    }

    /**
     * Opens the Attack panel on an attack of the shown observation: iDLG for a FedSGD gradient of one example
     * (its label follows from the last layer's gradient), inverting gradients otherwise (it also unrolls
     * FedAvg's local steps).
     */
    public boolean attackObservation() {
        StoredRound r = shown.get();
        if (r == null) {
            notice.set(Notice.warning("Choose a federated round first"));
            return false;
        }
        attack.load(attackSpec(r), "observation of " + r.dir().getFileName());
        onAttack.run();
        return true;
    }

    /** The attack that fits an observation: iDLG for one example's gradient, inverting gradients otherwise. */
    static String attackMethod(UpdateKind kind, int batchSize) {
        return kind == UpdateKind.GRADIENT && batchSize == 1 ? Idlg.NAME : InvertingGradients.NAME;
    }

    /** A spec attacking the observation stored in {@code r}'s folder. */
    static Spec attackSpec(StoredRound r) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("method", attackMethod(r.kind(), r.batchSize()));
        json.put("seed", 0);
        json.put("description", "Attack what the server received in " + r.dir().getFileName() + " (" + r.victim() + ")");
        json.putObject("client").put("observation", r.dir().toAbsolutePath().normalize().toString());
        return new Spec(json);
    }

    /** Reads a round's folder: the observation, the victim's images and, where there is one, the run's report. */
    static StoredRound read(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(ObservationFile.METADATA))) {
            throw new IOException(dir.getFileName() + " holds no observation (" + ObservationFile.METADATA + "): "
                    + (Files.isRegularFile(dir.resolve(RunStore.REPORT_FILE))
                    ? "the run ended before its victim round" : "not a federated-round run folder"));
        }
        StoredObservation stored = ObservationFile.load(dir);
        Observation o = stored.observation();
        ImageBatch truth = ObservationFile.loadTruth(dir, o.network().numClasses());
        List<String> captions = new ArrayList<>();
        for (int label : truth.labels()) {
            captions.add(Integer.toString(label));
        }
        List<UpdateHeatMap.Layer> layers = new ArrayList<>();
        for (Map.Entry<String, HostTensor> t : o.update().tensors().entrySet()) {
            layers.add(new UpdateHeatMap.Layer(t.getKey(), t.getValue().data()));
        }
        List<Double> accuracy = new ArrayList<>();
        Double epsilon = null;
        if (Files.isRegularFile(dir.resolve(RunStore.REPORT_FILE))) {
            Map<String, Object> report = RunStore.readReport(dir);
            if (report.get("metrics") instanceof Map<?, ?> metrics) {
                if (metrics.get("accuracyPerRound") instanceof List<?> list) {
                    list.forEach(v -> accuracy.add(((Number) v).doubleValue()));
                }
                if (metrics.get("epsilon") instanceof Number e) {
                    epsilon = e.doubleValue();
                }
            }
        }
        String victim = "client " + stored.client() + ", round " + stored.round() + ", " + truth.count()
                + (truth.count() == 1 ? " example" : " examples");
        return new StoredRound(dir, truth.images(), List.copyOf(captions), List.copyOf(layers), List.copyOf(accuracy),
                epsilon, protocolText(stored), defenseText(stored), victim, o.kind(), o.batchSize());
    }

    static String protocolText(StoredObservation s) {
        Observation o = s.observation();
        String text = o.kind() == UpdateKind.GRADIENT
                ? String.format(Locale.ROOT, "FedSGD: one gradient over %d examples", o.batchSize())
                : String.format(Locale.ROOT, "FedAvg: %d local SGD steps at lr %s on mini-batches of %d; the weight"
                + " difference of %d examples", o.localSteps(), ParamField.format(o.learningRate()), o.localBatchSize(),
                o.batchSize());
        text += " · model " + s.architecture() + (o.trainMode() ? " (training mode)" : "");
        return s.secureAggregation() ? text + " · secure aggregation: the update is masked" : text;
    }

    static String defenseText(StoredObservation s) {
        if (s.defenseReport().isEmpty()) {
            return s.defense();
        }
        StringBuilder b = new StringBuilder(s.defense()).append(" (");
        String sep = "";
        for (Map.Entry<String, Object> e : s.defenseReport().entrySet()) {
            Object v = e.getValue();
            b.append(sep).append(e.getKey()).append(' ')
                    .append(v instanceof Double d ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(v));
            sep = ", ";
        }
        return b.append(')').toString();
    }
}
