package org.invwb.core.nn.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.ConditionalUNet;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.WeightSources;
import org.junit.jupiter.api.Test;

/** The shipped {@code bundled:unet-mnist} and the samplers on it. */
class ShippedUNetTest {

    private static final ConditionalUNet UNET = new ConditionalUNet(1, 28, 10, 16);
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.of("linear", 1000);

    private static double[] sample(StateDict weights, int[] labels, double guidance, DdimGrid grid, double eta,
                                   long noiseSeed, long stepSeed) throws Exception {
        return ComputeThread.call(() -> {
            try (NDManager root = NDManager.newBaseManager();
                 DiffusionModel model = new DiffusionModel(UNET, SCHEDULE, weights, root, DataType.FLOAT32)) {
                NDArray noise = model.gaussian(root, new Shape(labels.length, 1, 28, 28), new SplittableRandom(noiseSeed));
                return Samplers.ddim(model, noise, labels, guidance, grid, eta, true, new SplittableRandom(stepSeed), root,
                        Samplers.IGNORE).toType(DataType.FLOAT64, false).toDoubleArray();
            }
        });
    }

    /** DDIM with η = 0 is a function of the noise alone; with η = 1 the step noise changes the sample. */
    @Test
    void ddimWithEtaZeroIsDeterministic() throws Exception {
        StateDict weights = WeightSources.load(DiffusionModelSpec.SHIPPED, UNET);
        DdimGrid grid = new DdimGrid(SCHEDULE, 10);
        int[] labels = {1, 7};
        assertArrayEquals(sample(weights, labels, 2, grid, 0, 3, 1), sample(weights, labels, 2, grid, 0, 3, 2));
        assertFalse(Arrays.equals(sample(weights, labels, 2, grid, 1, 3, 1), sample(weights, labels, 2, grid, 1, 3, 2)));
    }

    /**
     * Guided samples are recognisable: the shipped MLP classifier (test accuracy 0.889 on real digits)
     * labels 5 DDIM samples of each class (20 steps, w = 3) as the class they were drawn for.
     * Measured: 0.46 (w = 1: 0.16, w = 2: 0.38, w = 5: 0.34); chance is 0.1, so 0.3 leaves a margin of
     * about two standard errors of a 50-sample estimate.
     */
    @Test
    void guidedSamplesAreRecognisedAsTheirClass() throws Exception {
        StateDict weights = WeightSources.load(DiffusionModelSpec.SHIPPED, UNET);
        int[] labels = new int[50];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        double[] x = sample(weights, labels, 3, new DdimGrid(SCHEDULE, 20), 0, 11, 0);
        float[] pixels = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            pixels[i] = (float) Math.max(0, Math.min(1, (x[i] + 1) / 2));
        }
        ImageBatch samples = new ImageBatch(pixels, labels.length, 1, 28, 28, labels, 10, null);
        Network mlp = NetworkZoo.create("mlp", 1, 28, 10, 64);
        StateDict classifier = WeightSources.load("bundled:mlp-mnist", mlp);
        double accuracy = ComputeThread.call(() -> Evaluation.accuracy(mlp, classifier, samples));
        assertTrue(accuracy >= THRESHOLD, "classifier accuracy on guided samples " + accuracy);
    }

    /** Three times chance. */
    private static final double THRESHOLD = 0.3;

    /** The record beside the shipped weights names the spec that trained them. */
    @Test
    void theShippedModelRecordsItsTrainingSpec() throws Exception {
        assertEquals("train-diffusion", WeightSources.record("unet-mnist").at("/spec/method").asText());
        assertEquals(16, WeightSources.record("unet-mnist").at("/spec/model/width").asInt());
    }
}
