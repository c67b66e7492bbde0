package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shipped GANs make images of what they learnt: a shipped classifier (its record names it) puts
 * {@value #SAMPLES} samples, drawn from latent codes of seed 0 in eval mode, into the classes the GAN
 * was trained on, and spreads them over those classes rather than one mode. For
 * {@code bundled:dcgan-mnist-public}, trained on the digits 0–4 only, that is the model-inversion
 * literature's public prior: a random image would land in 0–4 half of the time, its samples do far
 * more often.
 */
class ShippedGanTest {

    private static final int SAMPLES = 200;

    static Iterable<String> shipped() throws Exception {
        List<String> gans = new ArrayList<>();
        for (String name : WeightSources.bundledNames()) {
            if (WeightSources.record(name).at("/spec/method").asText().equals("train-gan")) {
                gans.add(name);
            }
        }
        return gans;
    }

    @ParameterizedTest
    @MethodSource("shipped")
    void samplesAreClassifiedIntoTheTrainedClassesAndSpreadOverThem(String name) throws Exception {
        JsonNode record = WeightSources.record(name);
        ResolvedSpec spec = MethodRegistry.standard().resolve(Spec.parse(record.get("spec").toString()));
        Dcgan gan = GanModelSpec.networks(spec.section("gan"));
        JsonNode figures = record.get("sampleClassification");
        String classifierName = figures.get("classifier").asText();
        JsonNode classifierModel = WeightSources.record(classifierName.substring(WeightSources.BUNDLED_PREFIX.length()))
                .at("/spec/model");
        Network classifier = NetworkZoo.create(classifierModel.get("architecture").asText(),
                classifierModel.get("channels").asInt(), classifierModel.get("imageSize").asInt(),
                classifierModel.get("numClasses").asInt(), classifierModel.get("width").asInt());
        GanSamples samples = GanSamples.of(gan, WeightSources.load("bundled:" + name, gan), SAMPLES, 0, classifier,
                WeightSources.load(classifierName, classifier));

        List<Integer> trained = LabelledImages.classes(spec.section("data"));
        if (trained.isEmpty()) {
            trained = new ArrayList<>();
            for (int c = 0; c < classifier.numClasses(); c++) {
                trained.add(c);
            }
        }
        int[] histogram = samples.histogram(classifier.numClasses());
        int inTrained = 0;
        int seen = 0;
        int largest = 0;
        for (int c : trained) {
            inTrained += histogram[c];
            seen += histogram[c] > 0 ? 1 : 0;
            largest = Math.max(largest, histogram[c]);
        }
        double rate = inTrained / (double) SAMPLES;
        String measured = name + ": classes " + Arrays.toString(histogram) + ", " + rate + " in " + trained;
        assertTrue(rate >= 0.8, measured);
        assertTrue(seen >= 0.8 * trained.size(), "too few classes: " + measured);
        assertTrue(largest <= SAMPLES / 2, "one mode takes most samples: " + measured);
        assertEquals(figures.get("inTrainedClasses").asDouble(), rate, 1e-9, measured);
        assertArrayEquals(ints(figures.get("histogram")), histogram, measured);
        assertEquals(SAMPLES, figures.get("samples").asInt());
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
