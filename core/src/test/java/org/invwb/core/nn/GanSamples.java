package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;

/**
 * Samples of a trained GAN (eval mode, latent codes drawn from a seed) and what a classifier makes of
 * them: each sample's predicted class and the probability it gives that class.
 */
record GanSamples(float[] pixels, int count, int[] predicted, float[] confidence) {

    static GanSamples of(Dcgan gan, StateDict weights, int count, long seed, Network classifier,
                         StateDict classifierWeights) throws Exception {
        DcganGenerator generator = gan.generator();
        float[] codes = new float[count * generator.latentSize()];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < codes.length; i++) {
            codes[i] = (float) random.nextGaussian();
        }
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> g = Dcgan.generatorPart(weights).toArrays(m);
                NDArray images = generator.generate(g, m.create(codes, new Shape(count, generator.latentSize())));
                NDArray probabilities = 
                        classifier.forward(classifierWeights.toArrays(m), images, false).softmax(1);
                long[] argMax = probabilities.argMax(1).toLongArray();
                int[] predicted = new int[count];
                for (int i = 0; i < count; i++) {
                    predicted[i] = (int) argMax[i];
                }
                return new GanSamples(images.toFloatArray(), count, predicted, probabilities.max(new int[] {1})
                        .toFloatArray());
            }
        });
    }

    /** How many samples the classifier put in each class. */
    int[] histogram(int classes) {
        int[] counts = new int[classes];
        for (int c : predicted) {
            counts[c]++;
        }
        return counts;
    }
}
