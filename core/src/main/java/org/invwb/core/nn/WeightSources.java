package org.invwb.core.nn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Turns what a user names as a model's weights (a spec's {@code model.weights}) into weights for a
 * network: a model shipped with the workbench ({@code bundled:NAME}), a safetensors file, or the
 * folder of a training run, which holds {@code weights.safetensors}.
 *
 * <p>Each shipped model has a record beside it, {@code weights/NAME.json}: the spec that trained it
 * (method, seed, every value) and the test accuracy measured on the bundled test split.
 */
public final class WeightSources {

    public static final String BUNDLED_PREFIX = "bundled:";
    /** The file a training run writes into its folder. */
    public static final String RUN_FOLDER_FILE = "weights.safetensors";

    private static final String ROOT = "weights/";
    private static final List<String> BUNDLED = List.of(
            "lenet-dlg-fashion-mnist", "lenet-dlg-mnist", "mlp-fashion-mnist", "mlp-mnist",
            "convnet-mnist", "convnet-badnets-mnist", "convnet-clean-mnist", "unet-mnist", "dcgan-mnist-public",
            "convnet-mnist-private", "mlp-mnist-private", "dcgan-mnist", "dcgan-fashion-mnist",
            "encoder-dcgan-mnist-public");

    private WeightSources() {
    }

    /** Names of the shipped models, for {@code bundled:NAME}. */
    public static List<String> bundledNames() {
        return BUNDLED;
    }

    /** What {@code model.weights} accepts, for help texts and error messages. */
    public static String accepted() {
        return BUNDLED_PREFIX + "NAME with NAME one of " + String.join(", ", BUNDLED)
                + "; a .safetensors file; or a training run folder holding " + RUN_FOLDER_FILE;
    }

    /**
     * The weights {@code source} names, checked against {@code network}: exactly its tensors with its
     * shapes, else the message names the first one that differs.
     */
    public static StateDict load(String source, ParameterLayout network) throws WeightsException {
        if (source.startsWith(BUNDLED_PREFIX)) {
            return bundled(source.substring(BUNDLED_PREFIX.length()), network);
        }
        if (TorchScriptModel.isTorchScript(source)) {
            throw new WeightsException(source, "a TorchScript file, which only the methods that need nothing but"
                    + " input gradients take (neural-cleanse, smoothinv), or, as an ε-model, the diffusion inversions; this method runs the model from its"
                    + " architecture and weights (gradient inversion and training need gradients with respect to the"
                    + " parameters, which a TorchScript module keeps inside): give model.architecture and the"
                    + " weights as a .safetensors file instead");
        }
        Path path;
        try {
            path = Path.of(source);
        } catch (InvalidPathException e) {
            throw new WeightsException(source, "not a valid path; accepted: " + accepted());
        }
        if (Files.isDirectory(path)) {
            Path inside = path.resolve(RUN_FOLDER_FILE);
            if (!Files.isRegularFile(inside)) {
                throw new WeightsException(path, "folder without " + RUN_FOLDER_FILE + ", so not the folder of a"
                        + " finished training run; accepted: " + accepted());
            }
            path = inside;
        } else if (!Files.isRegularFile(path)) {
            throw new WeightsException(path, "no such file or folder; accepted: " + accepted());
        }
        return SafetensorsFile.load(path, network);
    }

    /** The record of a shipped model: {"spec": ..., "testAccuracy": ..., ...}. */
    public static JsonNode record(String name) throws WeightsException {
        try (InputStream in = open(name, ".json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new WeightsException(BUNDLED_PREFIX + name, "cannot read its record: " + e.getMessage());
        }
    }

    private static StateDict bundled(String name, ParameterLayout network) throws WeightsException {
        String source = BUNDLED_PREFIX + name;
        if (!BUNDLED.contains(name)) {
            throw new WeightsException(source, "no such shipped model; accepted: " + accepted());
        }
        // the safetensors reader works on files; a shipped model is a resource, perhaps inside the jar
        Path copy = null;
        try (InputStream in = open(name, ".safetensors")) {
            copy = Files.createTempFile("invwb-" + name + "-", ".safetensors");
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            return SafetensorsFile.load(copy, network);
        } catch (WeightsException e) {
            if (copy == null) {
                throw e;
            }
            String problem = e.getMessage().substring(copy.toString().length() + 2);
            JsonNode spec = record(name).path("spec");
            // a classifier's record names its network in a model section; a GAN's or an encoder's elsewhere
            if (!(spec.path("model") instanceof ObjectNode model)) {
                throw new WeightsException(source, problem + "; it was trained by the " + spec.path("method").asText()
                        + " spec of its record (sample-projects/training/" + name + ".json), whose sizes the spec"
                        + " must repeat");
            }
            ObjectNode described = model.deepCopy();
            described.remove("weights");
            throw new WeightsException(source, problem + "; it was trained with model " + described
                    + ", so the spec's model section must say the same");
        } catch (IOException e) {
            throw new WeightsException(source, "cannot read: " + e.getMessage());
        } finally {
            deleteQuietly(copy);
        }
    }

    private static InputStream open(String name, String extension) throws WeightsException {
        InputStream in = WeightSources.class.getResourceAsStream(ROOT + name + extension);
        if (in == null) {
            throw new WeightsException(BUNDLED_PREFIX + name, ROOT + name + extension
                    + " is missing from the classpath (broken build?)");
        }
        return in;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary copy left behind is harmless
            }
        }
    }
}
