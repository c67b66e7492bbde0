package org.invwb.app.gui;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.app.run.RunSummary;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Runs panel's state: the run folders in the runs directory, newest first, each read from its
 * report.json; the one selected, with its final picture and its report as text; and re-running one
 * (its spec.json goes back into the Attack panel).
 */
public final class RunsViewModel {

    /** One run folder as the table shows it. Numbers are null where the report has none. */
    public record RunRow(String name, Path dir, String status, String method, Double psnr, Double ssim,
                         Double seconds, int iterations, String startedAt) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(RunsViewModel.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Supplier<Path> runsDir;
    private final Executor ui;
    private final Executor io;
    private final ObservableList<RunRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<RunRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Path> selectedImage = new ReadOnlyObjectWrapper<>(this, "selectedImage");
    private final ReadOnlyObjectWrapper<FloatImage> selectedPicture = new ReadOnlyObjectWrapper<>(this, "selectedPicture");
    private final ReadOnlyStringWrapper selectedReport = new ReadOnlyStringWrapper(this, "selectedReport", "");
    private final ReadOnlyStringWrapper folderText = new ReadOnlyStringWrapper(this, "folderText", "");
    private final AttackViewModel attack;
    private Runnable onRerun = () -> { };
    private java.util.function.Consumer<List<Path>> onCompare = dirs -> { };
    private java.util.function.Consumer<Path> onShowRound = d -> { };

    public RunsViewModel(Supplier<Path> runsDir, AttackViewModel attack, Executor ui, Executor io) {
        this.runsDir = runsDir;
        this.attack = attack;
        this.ui = ui;
        this.io = io;
        selected.addListener((o, old, now) -> showSelected(now));
    }

    public ObservableList<RunRow> rows() {
        return rows;
    }

    public ObjectProperty<RunRow> selectedProperty() {
        return selected;
    }

    /** The selected run's final.png, or null when it has none. */
    public ReadOnlyObjectProperty<Path> selectedImageProperty() {
        return selectedImage.getReadOnlyProperty();
    }

    /** The selected run's final.png as read (ground truth above reconstruction), or null. */
    public ReadOnlyObjectProperty<FloatImage> selectedPictureProperty() {
        return selectedPicture.getReadOnlyProperty();
    }

    /** The selected run's report as readable lines. */
    public ReadOnlyStringProperty selectedReportProperty() {
        return selectedReport.getReadOnlyProperty();
    }

    /** "12 runs in /home/me/invwb-runs". */
    public ReadOnlyStringProperty folderTextProperty() {
        return folderText.getReadOnlyProperty();
    }

    /** Told after a re-run has loaded its spec into the Attack panel. */
    public void setOnRerun(Runnable listener) {
        onRerun = listener;
    }

    /** Told with the run folders to compare when the user chooses Compare. */
    public void setOnCompare(java.util.function.Consumer<List<Path>> listener) {
        onCompare = listener;
    }

    /** Told with the folder of a federated round the user wants to see in the Federated round panel. */
    public void setOnShowRound(java.util.function.Consumer<Path> listener) {
        onShowRound = listener;
    }

    /** Whether a row is a federated round, whose observation the Federated round panel shows. */
    public static boolean isRound(RunRow row) {
        return row != null && org.invwb.core.fl.FederatedRound.NAME.equals(row.method());
    }

    /** Shows the selected federated round in the Federated round panel; false when none is selected. */
    public boolean showSelectedRound() {
        RunRow row = selected.get();
        if (!isRound(row)) {
            return false;
        }
        onShowRound.accept(row.dir());
        return true;
    }

    /** Opens these runs in the Compare panel (two or more make a comparison; one is shown alone). */
    public boolean compare(List<RunRow> chosen) {
        if (chosen.isEmpty()) {
            return false;
        }
        onCompare.accept(chosen.stream().map(RunRow::dir).toList());
        return true;
    }

    /** Reads the runs directory again, off the window's thread. */
    public void refresh() {
        Path dir = runsDir.get();
        io.execute(() -> {
            List<RunRow> read = scan(dir);
            ui.execute(() -> {
                Path keep = selected.get() == null ? null : selected.get().dir();
                rows.setAll(read);
                folderText.set(read.size() + (read.size() == 1 ? " run in " : " runs in ") + dir);
                // Keep the selection; with none, select the newest run so the panel never opens empty.
                RunRow next = keep == null ? null
                        : rows.stream().filter(r -> r.dir().equals(keep)).findFirst().orElse(null);
                selected.set(next != null ? next : rows.isEmpty() ? null : rows.get(0));
                showSelected(selected.get());
            });
        });
    }

    /** Loads the selected run's spec.json into the Attack panel, to run it again (perhaps changed). */
    public boolean rerunSelected() {
        RunRow row = selected.get();
        if (row == null) {
            return false;
        }
        attack.loadFile(row.dir().resolve(RunStore.SPEC_FILE));
        onRerun.run();
        return true;
    }

    /** Every run folder (a folder holding report.json) in {@code dir}, newest first. */
    static List<RunRow> scan(Path dir) {
        List<RunRow> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.filter(Files::isDirectory).toList()) {
                if (Files.isRegularFile(child.resolve(RunStore.REPORT_FILE))) {
                    out.add(read(child));
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot list {}: {}", dir, e.toString());
        }
        out.sort(Comparator.comparing(RunRow::startedAt, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(RunRow::name).reversed());
        return out;
    }

    private static RunRow read(Path dir) {
        String name = dir.getFileName().toString();
        try {
            Map<String, Object> report = RunStore.readReport(dir);
            Map<?, ?> metrics = report.get("metrics") instanceof Map<?, ?> m ? m : Map.of();
            return new RunRow(name, dir, string(report.get("status")), string(report.get("method")),
                    number(metrics.get("psnr")), number(metrics.get("ssim")), number(report.get("seconds")),
                    report.get("iterations") instanceof Number n ? n.intValue() : 0, string(report.get("startedAt")));
        } catch (IOException | RuntimeException e) {
            return new RunRow(name, dir, "unreadable", "", null, null, null, 0, null);
        }
    }

    private void showSelected(RunRow row) {
        if (row == null) {
            selectedImage.set(null);
            selectedPicture.set(null);
            selectedReport.set("");
            return;
        }
        Path png = row.dir().resolve(RunStore.FINAL_FILE);
        Path shown = Files.isRegularFile(png) ? png : null;
        selectedImage.set(shown);
        selectedReport.set(reportText(row.dir()));
        selectedPicture.set(null);
        if (shown != null) {
            io.execute(() -> {
                FloatImage picture = readPicture(shown);
                ui.execute(() -> {
                    if (shown.equals(selectedImage.get())) {
                        selectedPicture.set(picture);
                    }
                });
            });
        }
    }

    private static FloatImage readPicture(Path png) {
        try {
            return PngCodec.read(png);
        } catch (DataException e) {
            LOG.debug("{} not shown: {}", png, e.getMessage());
            return null;
        }
    }

    /** The report as the command line prints it when a run ends, or why it cannot be read. */
    static String reportText(Path dir) {
        try {
            RunReport report = JSON.convertValue(RunStore.readReport(dir), RunReport.class);
            String text = RunSummary.format(report, dir);
            if (RunReport.RUNNING.equals(report.status())) {
                text = "This run has not ended (or its program stopped before it could say so).\n" + text;
            }
            return text.stripTrailing();
        } catch (IOException | IllegalArgumentException e) {
            return dir.getFileName() + ": report.json cannot be read: " + e.getMessage();
        }
    }

    private static String string(Object o) {
        return o == null ? "" : o.toString();
    }

    private static Double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : null;
    }
}
