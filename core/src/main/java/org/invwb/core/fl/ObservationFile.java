package org.invwb.core.fl;

import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.SafetensorsFile;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.Artifact;

/**
 * An observation folder: {@value #TENSORS} (the global model as {@code global.NAME} and the update as
 * {@code update.NAME}, PyTorch names), {@value #METADATA} (the model, the protocol's metadata, the defense and
 * its report) and, apart, {@value #TRUTH} (the victim's images and labels, for scoring only; an attack reads
 * it only to measure what it recovered). Reading is parsing only: JSON and safetensors cannot run code.
 */
public final class ObservationFile {

    public static final String TENSORS = "observation.safetensors";
    public static final String METADATA = "observation.json";
    public static final String TRUTH = "ground-truth.safetensors";

    static final String FORMAT = "invwb-observation";
    static final int VERSION = 1;
    private static final String GLOBAL = "global.";
    private static final String UPDATE = "update.";
    /** The value of {@code "shared"} when the tensors are a HyperFL hypernetwork's, not the model's. */
    static final String HYPERNETWORK = "hypernetwork";
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private ObservationFile() {
    }

    /** The three files as run artifacts, so that the run folder writes each atomically. */
    public static List<Artifact> artifacts(StoredObservation stored, ImageBatch truth) {
        return List.of(new Artifact(TENSORS, file -> writeTensors(file, stored.observation())),
                new Artifact(METADATA, file -> writeMetadata(file, stored)),
                new Artifact(TRUTH, file -> writeTruth(file, truth)));
    }

    /** Writes the three files into {@code folder}. */
    public static void save(Path folder, StoredObservation stored, ImageBatch truth) throws IOException {
        Files.createDirectories(folder);
        for (Artifact a : artifacts(stored, truth)) {
            a.writer().write(folder.resolve(a.fileName()));
        }
    }

    /** What the server received, from {@code folder}; the ground truth is not read. */
    public static StoredObservation load(Path folder) throws IOException {
        Path metaFile = required(folder, METADATA);
        JsonNode meta;
        try {
            meta = JSON.readTree(metaFile.toFile());
        } catch (JsonProcessingException e) {
            throw new ObservationException(metaFile, "not valid JSON: " + e.getOriginalMessage());
        }
        if (meta == null || !meta.isObject() || !FORMAT.equals(meta.path("format").asText())) {
            throw new ObservationException(metaFile, "not an observation (its \"format\" is not \"" + FORMAT + "\")");
        }
        if (meta.path("version").asInt() != VERSION) {
            throw new ObservationException(metaFile, "version " + meta.path("version") + " is not supported; this"
                    + " workbench reads version " + VERSION);
        }
        if (HYPERNETWORK.equals(meta.path("shared").asText())) {
            throw new ObservationException(metaFile, ClientScenario.HYPERFL_REFUSAL);
        }
        Network network;
        try {
            network = NetworkZoo.create(text(metaFile, meta, "architecture"), integer(metaFile, meta, "channels"),
                    integer(metaFile, meta, "imageSize"), integer(metaFile, meta, "numClasses"),
                    integer(metaFile, meta, "width"));
        } catch (IllegalArgumentException e) {
            throw new ObservationException(metaFile, "the model cannot be built: " + e.getMessage());
        }
        UpdateKind kind;
        try {
            kind = UpdateKind.valueOf(text(metaFile, meta, "kind"));
        } catch (IllegalArgumentException e) {
            throw new ObservationException(metaFile, "\"kind\" must be one of " + Arrays.toString(UpdateKind.values()));
        }
        Path tensorFile = required(folder, TENSORS);
        StateDict all = SafetensorsFile.read(tensorFile);
        StateDict global = part(tensorFile, all, GLOBAL, network.parameterShapes(), network.parameterShapes().keySet());
        StateDict update = part(tensorFile, all, UPDATE, network.parameterShapes(), network.trainableNames());
        Observation observation = new Observation(network, global, update, kind, integer(metaFile, meta, "batchSize"),
                bool(metaFile, meta, "trainMode"), integer(metaFile, meta, "localSteps"),
                number(metaFile, meta, "learningRate"), integer(metaFile, meta, "localBatchSize"));
        JsonNode defense = field(metaFile, meta, "defense");
        Map<String, Object> report = JSON.convertValue(field(metaFile, defense, "report"),
                new TypeReference<LinkedHashMap<String, Object>>() { });
        return new StoredObservation(observation, text(metaFile, meta, "architecture"), integer(metaFile, meta, "width"),
                text(metaFile, defense, "name"), report, bool(metaFile, meta, "secureAggregation"),
                integer(metaFile, meta, "client"), integer(metaFile, meta, "round"));
    }

    /** The victim's images and labels in {@code folder}, for scoring what an attack recovered. */
    public static ImageBatch loadTruth(Path folder, int numClasses) throws IOException {
        Path file = required(folder, TRUTH);
        StateDict t = SafetensorsFile.read(file);
        HostTensor images = t.tensors().get("images");
        HostTensor labels = t.tensors().get("labels");
        if (images == null || labels == null || images.shape().length != 4 || labels.shape().length != 1
                || labels.shape()[0] != images.shape()[0]) {
            throw new ObservationException(file, "needs tensors \"images\" (N, C, H, W) and \"labels\" (N)");
        }
        int[] l = new int[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Math.round(labels.data()[i]);
        }
        long[] s = images.shape();
        return new ImageBatch(images.data(), (int) s[0], (int) s[1], (int) s[2], (int) s[3], l, numClasses, List.of());
    }

    private static void writeTensors(Path file, Observation o) throws IOException {
        Map<String, HostTensor> all = new LinkedHashMap<>();
        o.globalModel().tensors().forEach((name, t) -> all.put(GLOBAL + name, t));
        o.update().tensors().forEach((name, t) -> all.put(UPDATE + name, t));
        SafetensorsFile.save(file, new StateDict(all));
    }

    private static void writeMetadata(Path file, StoredObservation s) throws IOException {
        Observation o = s.observation();
        Shape input = o.network().inputShape();
        ObjectNode meta = JSON.createObjectNode();
        meta.put("format", FORMAT);
        meta.put("version", VERSION);
        meta.put("architecture", s.architecture());
        meta.put("channels", input.get(0));
        meta.put("imageSize", input.get(1));
        meta.put("numClasses", o.network().numClasses());
        meta.put("width", s.width());
        meta.put("kind", o.kind().name());
        meta.put("batchSize", o.batchSize());
        meta.put("trainMode", o.trainMode());
        meta.put("localSteps", o.localSteps());
        meta.put("learningRate", o.learningRate());
        meta.put("localBatchSize", o.localBatchSize());
        ObjectNode defense = meta.putObject("defense");
        defense.put("name", s.defense());
        defense.set("report", JSON.valueToTree(s.defenseReport()));
        meta.put("secureAggregation", s.secureAggregation());
        if (o.sharesHypernetwork()) {
            meta.put("shared", HYPERNETWORK);
        }
        meta.put("client", s.client());
        meta.put("round", s.round());
        if (s.secureAggregation()) {
            meta.put("note", "secure aggregation: the update is the client's masked update, which alone is"
                    + " uniformly random; the server learns only the sum over the round's clients");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), meta);
    }

    private static void writeTruth(Path file, ImageBatch truth) throws IOException {
        float[] labels = new float[truth.count()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = truth.labels()[i];
        }
        Map<String, HostTensor> t = new LinkedHashMap<>();
        t.put("images", new HostTensor(new long[] {truth.count(), truth.channels(), truth.height(), truth.width()},
                truth.pixels()));
        t.put("labels", new HostTensor(new long[] {labels.length}, labels));
        SafetensorsFile.save(file, new StateDict(t));
    }

    private static Path required(Path folder, String name) throws ObservationException {
        Path file = folder.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ObservationException(file, "missing; an observation folder (as invwb round writes it) holds "
                    + METADATA + ", " + TENSORS + " and " + TRUTH);
        }
        return file;
    }

    /** The tensors under {@code prefix}, exactly {@code names}, with the network's shapes. */
    private static StateDict part(Path file, StateDict all, String prefix, Map<String, Shape> shapes,
                                  java.util.Collection<String> names) throws ObservationException {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : names) {
            HostTensor t = all.tensors().get(prefix + name);
            if (t == null) {
                throw new ObservationException(file, "lacks tensor " + prefix + name);
            }
            if (!Arrays.equals(t.shape(), shapes.get(name).getShape())) {
                throw new ObservationException(file, prefix + name + " has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + Arrays.toString(shapes.get(name).getShape()));
            }
            out.put(name, t);
        }
        long extra = all.tensors().keySet().stream().filter(n -> n.startsWith(prefix)).count() - names.size();
        if (extra > 0) {
            throw new ObservationException(file, "holds " + extra + " " + prefix + "* tensors the model does not have");
        }
        return new StateDict(out);
    }

    private static JsonNode field(Path file, JsonNode node, String name) throws ObservationException {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new ObservationException(file, "field \"" + name + "\" missing");
        }
        return v;
    }

    private static String text(Path file, JsonNode node, String name) throws ObservationException {
        return typed(file, node, name, JsonNode::isTextual, "a string").asText();
    }

    private static int integer(Path file, JsonNode node, String name) throws ObservationException {
        return typed(file, node, name, JsonNode::isInt, "an integer").asInt();
    }

    private static double number(Path file, JsonNode node, String name) throws ObservationException {
        return typed(file, node, name, JsonNode::isNumber, "a number").asDouble();
    }

    private static boolean bool(Path file, JsonNode node, String name) throws ObservationException {
        return typed(file, node, name, JsonNode::isBoolean, "true or false").asBoolean();
    }

    /** Field {@code name}, refused with a message naming it unless it is of the kind {@code is} accepts. */
    private static JsonNode typed(Path file, JsonNode node, String name, Predicate<JsonNode> is, String kind)
            throws ObservationException {
        JsonNode v = field(file, node, name);
        if (!is.test(v)) {
            throw new ObservationException(file, "field \"" + name + "\" must be " + kind + ", got " + v);
        }
        return v;
    }
}
