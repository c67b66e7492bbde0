package org.invwb.core.attack.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.LatentEncoder;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;

/**
 * The shipped encoder does what its record says: on the first {@value #DIGITS} MNIST test digits of the
 * GAN's classes (0–4), G(E(x)) reaches the recorded mean PSNR, far above G(z) for random codes.
 */
class ShippedEncoderTest {

    private static final String NAME = "encoder-dcgan-mnist-public";
    private static final int DIGITS = 100;

    @Test
    void theEncoderStartIsFarAboveARandomCodeOnRealDigits() throws Exception {
        JsonNode record = WeightSources.record(NAME);
        ResolvedSpec spec = MethodRegistry.standard().resolve(Spec.parse(record.get("spec").toString()));
        Dcgan gan = GanModelSpec.networks(spec.section("gan"));
        DcganGenerator generator = gan.generator();
        var ganWeights = Dcgan.generatorPart(GanModelSpec.weights(spec.section("gan"), gan, 0));
        LatentEncoder encoder = new LatentEncoder(1, 28, generator.latentSize(),
                spec.section("parameters").getInt("encoderWidth"));
        var encoderWeights = WeightSources.load(WeightSources.BUNDLED_PREFIX + NAME, encoder);
        ImageBatch all = ImageSources.load("bundled:mnist-test", 1, 28, 28);
        ImageBatch digits = all.subset(java.util.stream.IntStream.range(0, all.count())
                .filter(i -> all.labels()[i] <= 4).limit(DIGITS).toArray());
        double[] psnr = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> g = ganWeights.toArrays(m);
                NDArray x = m.create(digits.pixels(), new Shape(DIGITS, 1, 28, 28));
                m.getEngine().setRandomSeed(0);
                NDArray random = generator.generate(g, m.randomNormal(new Shape(DIGITS, generator.latentSize())));
                NDArray encoded = generator.generate(g, encoder.encode(encoderWeights.toArrays(m), x));
                return new double[] {meanPsnr(encoded, x), meanPsnr(random, x)};
            }
        });
        String measured = "encoder start " + psnr[0] + " dB, random code " + psnr[1] + " dB";
        assertEquals(record.get("testDigitsStartPsnr").asDouble(), psnr[0], 1e-3, measured);
        assertTrue(psnr[0] > psnr[1] + 3, measured);
    }

    private static double meanPsnr(NDArray images, NDArray x) {
        float[] mse = images.sub(x).square().reshape(DIGITS, -1).mean(new int[] {1}).toFloatArray();
        double sum = 0;
        for (float e : mse) {
            sum += 10 * Math.log10(1 / e) / DIGITS;
        }
        return sum;
    }
}
