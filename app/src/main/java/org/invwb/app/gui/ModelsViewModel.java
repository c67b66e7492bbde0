package org.invwb.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.RunStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Models panel's state: the models shipped with the workbench ({@code bundled:NAME}) and the weights
 * that training runs in the runs directory wrote, each with the model it fits and its test accuracy; training
 * a new one, and using one in the attack being set up. Folders are read off the window's thread.
 */
public final class ModelsViewModel {

    /** The method that trains a classifier; its run folder holds weights.safetensors. */
    static final String TRAINING_METHOD = "train-classifier";
    /** The spec section a GAN's weights go in; every other model's go in {@code model}. */
    private static final String GAN_SECTION = "gan";
    private static final String MODEL_SECTION = "model";

    /**
     * Weights the user can attack with.
     *
     * @param source       what {@code model.weights} says to load them: bundled:NAME or a run folder
     * @param origin       "shipped" or "trained"
     * @param method       the method that made them
     * @param section      the spec section they go in: {@code model}, or {@code gan} for a GAN
     * @param model        that section's values they fit (e.g. architecture, numClasses, imageSize, channels, width)
     * @param testAccuracy on the training spec's test images, or null where not known
     */
    public record ModelRow(String name, String source, String origin, String method, String section,
                           Map<String, Object> model, Double testAccuracy) {

        public String architecture() {
            return section.equals(GAN_SECTION) ? "dcgan" : String.valueOf(model.getOrDefault("architecture", ""));
        }

        /** "mlp · 1×28×28 · 10 classes · width 64", or for a GAN "dcgan · 1×28×28 · latent 100 · widths 16/16". */
        public String shape() {
            String image = architecture() + " · " + model.get("channels") + "×" + model.get("imageSize") + "×"
                    + model.get("imageSize");
            if (section.equals(GAN_SECTION)) {
                return image + " · latent " + model.get("latent") + " · widths " + model.get("generatorWidth") + "/"
                        + model.get("discriminatorWidth");
            }
            return image + " · " + model.get("numClasses") + " classes · "
                    + (Integer.valueOf(0).equals(model.get("width")) ? "default width" : "width " + model.get("width"));
        }

        /** The spec field that names them. */
        String weightsField() {
            return section + ".weights";
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ModelsViewModel.class);

    private final Supplier<Path> runsDir;
    private final AttackViewModel attack;
    private final Executor ui;
    private final Executor io;
    private final ObservableList<ModelRow> rows = FXCollections.observableArrayList();
    private final ObjectProperty<ModelRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice", Notice.NONE);
    private Runnable onOpenAttack = () -> { };

    public ModelsViewModel(Supplier<Path> runsDir, AttackViewModel attack, Executor ui, Executor io) {
        this.runsDir = runsDir;
        this.attack = attack;
        this.ui = ui;
        this.io = io;
    }

    /** Shipped models first, then trained ones, newest first. */
    public ObservableList<ModelRow> rows() {
        return rows;
    }

    public ObjectProperty<ModelRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    /** Told when an action has set up the Attack panel, so the window shows it. */
    public void setOnOpenAttack(Runnable listener) {
        onOpenAttack = listener;
    }

    /** Lists the models again, off the window's thread. */
    public void refresh() {
        Path dir = runsDir.get();
        io.execute(() -> {
            List<ModelRow> found = new ArrayList<>(shipped());
            found.addAll(trained(dir));
            ui.execute(() -> {
                String keep = selected.get() == null ? null : selected.get().source();
                rows.setAll(found);
                selected.set(rows.stream().filter(r -> r.source().equals(keep)).findFirst().orElse(null));
            });
        });
    }

    /** Opens the Attack panel on a classifier training, every value at its default. */
    public void trainNew() {
        attack.selectMethod(TRAINING_METHOD);
        attack.resetToDefaults();
        onOpenAttack.run();
    }

    /**
     * Sets the attack's weights field ({@code model.weights}, or {@code gan.weights} for a GAN) to the selected
     * weights and the rest of that section to the model they fit, then shows the Attack panel. The attack
     * chosen there must read such weights.
     */
    public boolean useInAttack() {
        ModelRow row = selected.get();
        if (row == null) {
            notice.set(Notice.warning("Select a model first"));
            return false;
        }
        String weights = row.weightsField();
        if (attack.field(weights).isEmpty()) {
            notice.set(Notice.warning(attack.getMethod().name() + " reads no " + weights + "; choose "
                    + (row.section().equals(GAN_SECTION) ? "an attack with a GAN prior (e.g. gmi, ggl)"
                    : "an attack on a classifier (e.g. inverting-gradients)") + " in the Attack panel first"));
            return false;
        }
        String prefix = row.section() + ".";
        List<String> set = new ArrayList<>();
        row.model().forEach((name, value) -> attack.field(prefix + name).ifPresent(f -> {
            f.setText(String.valueOf(value));
            set.add(name);
        }));
        attack.field(weights).get().setText(row.source());
        notice.set(Notice.success(attack.getMethod().name() + " now uses " + row.name() + " (" + prefix
                + String.join(", " + prefix, set) + " and " + weights + " set)"));
        onOpenAttack.run();
        return true;
    }

    /** The shipped models, each with the model section it was trained with and its test accuracy. */
    static List<ModelRow> shipped() {
        List<ModelRow> out = new ArrayList<>();
        for (String name : WeightSources.bundledNames()) {
            try {
                JsonNode record = WeightSources.record(name);
                JsonNode spec = record.path("spec");
                String section = spec.has(GAN_SECTION) ? GAN_SECTION : MODEL_SECTION;
                out.add(new ModelRow(name, WeightSources.BUNDLED_PREFIX + name, "shipped", spec.path("method").asText(),
                        section, modelSection(spec.path(section)), record.path("testAccuracy").isNumber()
                        ? record.path("testAccuracy").asDouble() : null));
            } catch (WeightsException e) {
                LOG.warn("shipped model {} not listed: {}", name, e.getMessage());
            }
        }
        return out;
    }

    /** Run folders in {@code dir} that hold weights a run wrote, newest first, read from their report.json. */
    static List<ModelRow> trained(Path dir) {
        List<ModelRow> out = new ArrayList<>();
        for (RunsViewModel.RunRow run : RunsViewModel.scan(dir)) {
            if (!Files.isRegularFile(run.dir().resolve(WeightSources.RUN_FOLDER_FILE))) {
                continue;
            }
            try {
                Map<String, Object> report = RunStore.readReport(run.dir());
                Map<?, ?> parameters = report.get("parameters") instanceof Map<?, ?> p ? p : Map.of();
                String sectionName = parameters.containsKey(GAN_SECTION) ? GAN_SECTION : MODEL_SECTION;
                Map<?, ?> model = parameters.get(sectionName) instanceof Map<?, ?> m ? m : Map.of();
                Map<?, ?> metrics = report.get("metrics") instanceof Map<?, ?> m ? m : Map.of();
                Map<String, Object> section = new LinkedHashMap<>();
                model.forEach((k, v) -> {
                    if (!"weights".equals(k)) {
                        section.put(k.toString(), v);
                    }
                });
                out.add(new ModelRow(run.name(), run.dir().toAbsolutePath().normalize().toString(), "trained",
                        run.method(), sectionName, section, metrics.get("testAccuracy") instanceof Number n ? n.doubleValue() : null));
            } catch (IOException e) {
                LOG.debug("{} not listed: {}", run.dir(), e.toString());
            }
        }
        return out;
    }

    private static Map<String, Object> modelSection(JsonNode model) {
        Map<String, Object> out = new LinkedHashMap<>();
        model.fields().forEachRemaining(e -> {
            if (!"weights".equals(e.getKey())) {
                out.put(e.getKey(), e.getValue().isNumber() ? e.getValue().numberValue() : e.getValue().asText());
            }
        });
        return out;
    }
}
