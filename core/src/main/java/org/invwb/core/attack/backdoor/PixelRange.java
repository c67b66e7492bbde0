package org.invwb.core.attack.backdoor;

import ai.djl.ndarray.NDArray;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Scalars;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.SpecException;

/**
 * The range of pixel values a model was trained on. Triggers, masks, patterns and perturbations are
 * always kept in [0, 1], the workbench's image range; for a model trained on raw 0–255 values (as
 * the Neural Cleanse reference code's GTSRB model) they are multiplied by 255 at the model's input.
 * Inverting with another range than the one the trigger was planted in is a known trap: the mask
 * norms and success rates then mean nothing, so a mismatch is refused rather than run.
 */
public enum PixelRange {
    UNIT("0-1", 1),
    BYTE("0-255", 255);

    /** Clean accuracy the declared range may trail the other by before the run is refused. */
    static final double MISMATCH_MARGIN = 0.3;

    public static final ParamDecl PARAMETER = ParamDecl.choice("pixelRange", UNIT.label,
            Arrays.stream(values()).map(PixelRange::label).toList(),
            "pixel values the model was trained on; images stay in [0, 1] and are multiplied by 255 at the"
                    + " model's input for 0-255. Every model the workbench trains uses 0-1");

    private final String label;
    private final float scale;

    PixelRange(String label, float scale) {
        this.label = label;
        this.scale = scale;
    }

    public String label() {
        return label;
    }

    /** The model's input for images in [0, 1]. */
    public NDArray toModel(NDArray unitImages) {
        return scale == 1 ? unitImages : Scalars.times(unitImages, scale);
    }

    /** Images in [0, 1] as this range holds them (a copy). */
    public ImageBatch toModel(ImageBatch unitImages) {
        float[] pixels = unitImages.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] *= scale;
        }
        return new ImageBatch(pixels, unitImages.count(), unitImages.channels(), unitImages.height(),
                unitImages.width(), unitImages.labels(), unitImages.numClasses(), unitImages.classNames());
    }

    static PixelRange of(String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst().orElseThrow();
    }

    /**
     * The range {@code parameters.pixelRange} declares, once checked against the model: weights the
     * workbench trained (a shipped model, a training run's folder) were trained on 0-1; other weights
     * must classify the clean images {@code clean} at the declared range about as well as at the other.
     * That second check catches models whose accuracy collapses at the wrong range, not all: a ReLU
     * network whose biases are small keeps much of its accuracy when its input is scaled by 255.
     */
    public static PixelRange checked(ParamValues parameters, ParamValues model, Network network, StateDict weights,
                                     ImageBatch clean) throws SpecException {
        PixelRange declared = of(parameters.getString(PARAMETER.name()));
        String source = model.getString("weights");
        String recorded = recordedRange(source);
        if (recorded != null) {
            if (!recorded.equals(declared.label)) {
                throw new SpecException("parameters.pixelRange", declared.label + " does not match model.weights "
                        + source + ", which was trained on pixels in " + recorded + "; invert in the range the"
                        + " trigger was planted in (set parameters.pixelRange to " + recorded + ")");
            }
            return declared;
        }
        if (source.isEmpty() || !clean.labeled()) {
            return declared;
        }
        PixelRange other = declared == UNIT ? BYTE : UNIT;
        double atDeclared = Evaluation.accuracy(network, weights, declared.toModel(clean));
        double atOther = Evaluation.accuracy(network, weights, other.toModel(clean));
        if (atOther - atDeclared > MISMATCH_MARGIN) {
            throw new SpecException("parameters.pixelRange", String.format(Locale.ROOT, "%s looks wrong for"
                    + " model.weights %s: its clean accuracy on the %d data images is %.3f with pixels in %s but"
                    + " %.3f in %s; set parameters.pixelRange to the range the model was trained on",
                    declared.label, source, clean.count(), atDeclared, declared.label, atOther, other.label));
        }
        return declared;
    }

    /** The range recorded with weights the workbench trained, or null when nothing is recorded. */
    private static String recordedRange(String source) throws SpecException {
        if (source.startsWith(WeightSources.BUNDLED_PREFIX)) {
            try {
                return trainedRange(WeightSources.record(source.substring(WeightSources.BUNDLED_PREFIX.length())));
            } catch (WeightsException e) {
                throw new SpecException("model.weights", e.getMessage());
            }
        }
        try {
            Path spec = Path.of(source).resolve(RunStore.SPEC_FILE);
            if (!source.isEmpty() && Files.isRegularFile(spec)) {
                return trainedRange(new ObjectMapper().readTree(spec.toFile()));
            }
        } catch (InvalidPathException | IOException e) {
            return null;
        }
        return null;
    }

    // The workbench's training methods all see images in [0, 1].
    private static String trainedRange(JsonNode record) {
        JsonNode spec = record.has("spec") ? record.get("spec") : record;
        String method = spec.path("method").asText("");
        return List.of("train-classifier", "train-backdoored").contains(method) ? UNIT.label : null;
    }
}
