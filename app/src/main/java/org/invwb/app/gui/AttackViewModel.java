package org.invwb.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.core.attack.gradient.GradientAttacks;
import org.invwb.core.fl.FederatedMethods;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.app.run.SpecFiles;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/**
 * The Attack panel's state: the chosen family and method, a form generated from the method's
 * parameter declarations (one {@link ParamField} per declared parameter, by section), the spec it
 * makes, and the actions on it (open, save, run). Holds no per-method code: a method that declares
 * its parameters gets its form.
 */
public final class AttackViewModel {

    /** The fields of one spec section ("data", "model", "parameters"), in declaration order. */
    public record FormSection(String name, List<ParamField> fields) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final MethodRegistry registry;
    private final RunQueue queue;
    private final ObservableList<String> families = FXCollections.observableArrayList();
    private final ObjectProperty<String> family = new SimpleObjectProperty<>(this, "family");
    private final ObservableList<MethodDescriptor> methods = FXCollections.observableArrayList();
    private final ObjectProperty<MethodDescriptor> method = new SimpleObjectProperty<>(this, "method");
    private final StringProperty seed = new SimpleStringProperty(this, "seed", "0");
    private final ReadOnlyStringWrapper seedError = new ReadOnlyStringWrapper(this, "seedError", "");
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final ObservableList<FormSection> sections = FXCollections.observableArrayList();
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid", true);
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice", Notice.NONE);
    private final ReadOnlyStringWrapper methodInfo = new ReadOnlyStringWrapper(this, "methodInfo", "");
    private final ReadOnlyStringWrapper specPreview = new ReadOnlyStringWrapper(this, "specPreview", "");
    private final javafx.beans.binding.BooleanBinding busy;
    private Consumer<RunSession> onLaunched = s -> { };
    private Consumer<String> onSpecChanged = json -> { };

    public AttackViewModel(MethodRegistry registry, RunQueue queue) {
        this.registry = registry;
        this.queue = queue;
        busy = javafx.beans.binding.Bindings.isNotEmpty(queue.active());
        LinkedHashSet<String> names = new LinkedHashSet<>();
        // gradient inversion, the heart of the workbench, is what the panel opens on
        names.add(GradientAttacks.FAMILY);
        registry.all().forEach(m -> names.add(m.family()));
        // the federated round stages what attacks observe: the attack families come first, so one is chosen
        if (names.remove(FederatedMethods.FAMILY)) {
            names.add(FederatedMethods.FAMILY);
        }
        families.setAll(names);
        family.addListener((o, old, now) -> {
            methods.setAll(registry.all().stream().filter(m -> m.family().equals(now)).toList());
            if (method.get() == null || !method.get().family().equals(now)) {
                method.set(methods.isEmpty() ? null : methods.get(0));
            }
        });
        method.addListener((o, old, now) -> {
            if (now != null && !now.family().equals(family.get())) {
                family.set(now.family());
            }
            // A description belongs to the spec it came with; another method makes another experiment.
            if (old != null && now != null) {
                description.set("");
            }
            rebuildForm(old, now);
        });
        seed.addListener((o, old, now) -> {
            seedError.set(check("seed", now));
            updateValid();
            updatePreview();
        });
        description.addListener((o, old, now) -> updatePreview());
        if (!families.isEmpty()) {
            family.set(families.get(0));
        }
    }

    public ObservableList<String> families() {
        return families;
    }

    public ObjectProperty<String> familyProperty() {
        return family;
    }

    /** The methods of the chosen family. */
    public ObservableList<MethodDescriptor> methods() {
        return methods;
    }

    public ObjectProperty<MethodDescriptor> methodProperty() {
        return method;
    }

    public MethodDescriptor getMethod() {
        return method.get();
    }

    /** Chooses a method by name; false when there is none of that name. */
    public boolean selectMethod(String name) {
        Optional<MethodDescriptor> m = registry.find(name);
        m.ifPresent(method::set);
        return m.isPresent();
    }

    /** The method's title and citation, for the line under the chooser. */
    public ReadOnlyStringProperty methodInfoProperty() {
        return methodInfo.getReadOnlyProperty();
    }

    /** The spec the form makes, as JSON (values not valid yet are left out): what Save spec… writes. */
    public ReadOnlyStringProperty specPreviewProperty() {
        return specPreview.getReadOnlyProperty();
    }

    public StringProperty seedProperty() {
        return seed;
    }

    public ReadOnlyStringProperty seedErrorProperty() {
        return seedError.getReadOnlyProperty();
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public ObservableList<FormSection> sections() {
        return sections;
    }

    /** The field at "section.name", if the chosen method declares it. */
    public Optional<ParamField> field(String path) {
        return sections.stream().flatMap(s -> s.fields().stream()).filter(f -> f.path().equals(path)).findFirst();
    }

    /** Whether every field holds a valid value. */
    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    public boolean isValid() {
        return valid.get();
    }

    /** Whether a run is going or queued (a new one then queues behind it: the Run button says so). */
    public javafx.beans.binding.BooleanExpression busyProperty() {
        return busy;
    }

    /** The last thing worth telling the user (a spec loaded, a run queued, a problem). */
    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public Notice getNotice() {
        return notice.get();
    }

    /** Told the session of each run this panel launches (the window then shows it live). */
    public void setOnLaunched(Consumer<RunSession> listener) {
        onLaunched = listener;
    }

    /** Told the spec (JSON) each time one is run or loaded, so the window can remember it. */
    public void setOnSpecChanged(Consumer<String> listener) {
        onSpecChanged = listener;
    }

    /**
     * The spec the form describes, checked: every value as typed, read like {@code --set} reads it.
     *
     * @throws SpecException naming the first field that is not valid
     */
    public Spec toSpec() throws SpecException {
        Spec spec = draft(true);
        registry.resolve(spec);
        return spec;
    }

    /** The form as JSON, even with invalid values (they are left out), to remember between sessions. */
    public String draftJson() {
        try {
            return JSON.writeValueAsString(draft(false).json());
        } catch (IOException | SpecException e) {
            return null;
        }
    }

    /**
     * Fills the form from {@code spec}: its method, seed, description and every value it gives; the rest
     * keep their defaults. Values are shown as written, so a bad one is marked on its field.
     */
    public void load(Spec spec, String source) {
        String name = spec.method();
        if (name == null || registry.find(name).isEmpty()) {
            notice.set(Notice.error(source + ": " + resolveProblem(spec).orElse("names no method this program knows")));
            return;
        }
        MethodDescriptor m = registry.find(name).get();
        // the family first: changing it refills the method list, and a method picker then resets its choice
        family.set(m.family());
        method.set(null); // rebuild even when the method is the same: every field starts from its default
        method.set(m);
        JsonNode json = spec.json();
        seed.set(json.has("seed") ? text(json.get("seed")) : "0");
        description.set(json.path("description").asText(""));
        for (FormSection section : sections) {
            JsonNode given = json.path(section.name());
            for (ParamField f : section.fields()) {
                if (given.has(f.name())) {
                    f.setText(text(given.get(f.name())));
                }
            }
        }
        Optional<String> problem = resolveProblem(spec);
        notice.set(problem.map(p -> Notice.warning(source + ": " + p))
                .orElseGet(() -> Notice.info("Loaded " + source)));
        onSpecChanged.accept(draftJson());
    }

    /** Loads a spec file (Open spec…, a sample, a run folder's spec.json). */
    public void loadFile(Path file) {
        try {
            load(SpecFiles.load(file), file.getFileName().toString());
        } catch (SpecException e) {
            notice.set(Notice.error(e.getMessage()));
        } catch (IOException e) {
            notice.set(Notice.error(file + ": cannot read: " + e.getMessage()));
        }
    }

    /** Writes the form's spec, every value spelled out, so that {@code ./invwb run FILE} repeats it. */
    public boolean saveFile(Path file) {
        try {
            ResolvedSpec resolved = registry.resolve(toSpec());
            Spec full = resolved.toSpec(description.get());
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".tmp-", ".json");
            try {
                Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(full.json()) + "\n");
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            notice.set(Notice.success("Saved " + file.getFileName() + " — run it with ./invwb run " + file));
            return true;
        } catch (SpecException e) {
            notice.set(Notice.error("Not saved: " + e.getMessage()));
        } catch (IOException e) {
            notice.set(Notice.error("Not saved: " + file + ": " + e.getMessage()));
        }
        return false;
    }

    /** Attacks {@code file} (an image, a folder of images, a data set file): sets data.source to it. */
    public boolean setDataSource(Path file) {
        Optional<ParamField> source = field("data.source");
        if (source.isEmpty()) {
            notice.set(Notice.warning(method.get().name() + " reads no data.source; choose a method that attacks images"));
            return false;
        }
        source.get().setText(file.toAbsolutePath().normalize().toString());
        notice.set(Notice.info("data.source is now " + file.getFileName()));
        return true;
    }

    /** Every field back to its declared default. */
    public void resetToDefaults() {
        sections.forEach(s -> s.fields().forEach(ParamField::reset));
        seed.set("0");
        notice.set(Notice.info("Every value is back to its default"));
    }

    /**
     * Queues a run of the form's spec. Its folder is created at once; the run starts when the compute
     * thread is free. Returns the session, or empty when the spec is not valid (the notice says why).
     */
    public Optional<RunSession> run() {
        Spec spec;
        try {
            spec = toSpec();
        } catch (SpecException e) {
            notice.set(Notice.error("Not started: " + e.getMessage()));
            return Optional.empty();
        }
        String ahead = queue.active().isEmpty() ? null : queue.active().get(queue.active().size() - 1).name();
        try {
            RunSession session = queue.launch(spec);
            notice.set(ahead == null
                    ? Notice.success("Started " + session.name())
                    : Notice.info("Queued " + session.name() + ": it starts when " + ahead + " has ended"));
            onSpecChanged.accept(draftJson());
            onLaunched.accept(session);
            return Optional.of(session);
        } catch (SpecException e) {
            notice.set(Notice.error("Not started: " + e.getMessage()));
        } catch (IOException e) {
            notice.set(Notice.error("Not started: cannot create the run folder: " + e.getMessage()));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------

    private void rebuildForm(MethodDescriptor old, MethodDescriptor now) {
        // Values the user changed carry over to a method that declares the same field.
        Map<String, String> changed = new HashMap<>();
        sections.forEach(s -> s.fields().stream().filter(f -> !f.isDefault())
                .forEach(f -> changed.put(f.path(), f.getText())));
        List<FormSection> built = new ArrayList<>();
        if (now != null) {
            for (Map.Entry<String, ParamSet> section : now.sections().entrySet()) {
                List<ParamField> fields = new ArrayList<>();
                for (ParamDecl decl : section.getValue().decls()) {
                    ParamField f = new ParamField(section.getKey(), section.getValue(), decl);
                    if (old != null && changed.containsKey(f.path())) {
                        f.setText(changed.get(f.path()));
                    }
                    f.errorProperty().addListener((o, a, b) -> updateValid());
                    f.textProperty().addListener((o, a, b) -> updatePreview());
                    fields.add(f);
                }
                built.add(new FormSection(section.getKey(), List.copyOf(fields)));
            }
            methodInfo.set(now.title() + (now.citation().isEmpty() ? "" : " — " + now.citation()));
        } else {
            methodInfo.set("");
        }
        sections.setAll(built);
        updateValid();
        updatePreview();
    }

    private void updatePreview() {
        try {
            specPreview.set(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(draft(false).json()));
        } catch (IOException | SpecException e) {
            specPreview.set("");
        }
    }

    private void updateValid() {
        valid.set(seedError.get().isEmpty()
                && sections.stream().allMatch(s -> s.fields().stream().allMatch(ParamField::isValid)));
    }

    /** The form as a spec; {@code strict} throws on the first bad value, otherwise bad values are left out. */
    private Spec draft(boolean strict) throws SpecException {
        ObjectNode root = JSON.createObjectNode();
        if (method.get() != null) {
            root.put("method", method.get().name());
        }
        if (!description.get().isBlank()) {
            root.put("description", description.get());
        }
        Spec spec = new Spec(root);
        try {
            spec = spec.withOverride("seed", seed.get());
        } catch (SpecException e) {
            if (strict) {
                throw e;
            }
        }
        for (FormSection section : sections) {
            for (ParamField f : section.fields()) {
                if (strict && !f.isValid()) {
                    throw new SpecException(f.path(), f.errorProperty().get().replaceFirst("^\\Q" + f.path() + "\\E: ", ""));
                }
                try {
                    spec = f.applyTo(spec);
                } catch (SpecException e) {
                    if (strict) {
                        throw e;
                    }
                }
            }
        }
        return spec;
    }

    private Optional<String> resolveProblem(Spec spec) {
        try {
            registry.resolve(spec);
            return Optional.empty();
        } catch (SpecException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static String check(String path, String text) {
        try {
            Spec.parse("{}").withOverride(path, text == null ? "" : text);
            return "";
        } catch (SpecException e) {
            return e.getMessage();
        }
    }

    /** A JSON value as the form shows it: strings bare, numbers as the form writes them, the rest as JSON. */
    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        if (node.isNumber() && !node.isIntegralNumber() && Double.isFinite(node.doubleValue())) {
            return ParamField.format(node.doubleValue());
        }
        return node.toString();
    }
}
