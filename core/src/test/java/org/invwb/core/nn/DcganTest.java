package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

class DcganTest {

    private static float[] gaussian(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** Running up to any stage and on from there is the same computation as running straight through. */
    @Test
    void stagesComposeToTheWholeGenerator() throws Exception {
        DcganGenerator g = new DcganGenerator(1, 28, 16, 8);
        StateDict weights = g.initialise(3);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p = weights.toArrays(m);
                NDArray z = m.create(gaussian(2 * 16, 1), new Shape(2, 16));
                float[] whole = g.generate(p, z).toFloatArray();
                for (int stage = 0; stage <= DcganGenerator.STAGES; stage++) {
                    NDArray f = g.features(p, z, stage);
                    assertEquals(new Shape(2).addAll(g.stageShape(stage)), f.getShape(), "stage " + stage);
                    assertArrayEquals(whole, g.generateFrom(p, f, stage).toFloatArray(), 1e-6f, "stage " + stage);
                }
                NDArray images = g.generate(p, z);
                assertEquals(new Shape(2, 1, 28, 28), images.getShape());
                assertTrue(images.min().getFloat() >= 0 && images.max().getFloat() <= 1);
                return null;
            }
        });
    }

    @Test
    void trainingPassMovesTheRunningStatisticsOnly() throws Exception {
        DcganGenerator g = new DcganGenerator(3, 32, 8, 4);
        StateDict weights = g.initialise(5);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                TrainingForward pass = g.generateTraining(weights.toArrays(m), m.create(gaussian(4 * 8, 2), new Shape(4, 8)));
                assertEquals(new Shape(4, 3, 32, 32), pass.logits().getShape());
                assertEquals(g.bufferNames().stream().sorted().toList(), pass.buffers().keySet().stream().sorted().toList());
                return null;
            }
        });
        assertEquals(g.parameterShapes().size(), g.trainableNames().size() + g.bufferNames().size());
    }

    @Test
    void discriminatorScoresEachImage() throws Exception {
        for (int size : new int[] {28, 32}) {
            DcganDiscriminator d = new DcganDiscriminator(1, size, 8);
            StateDict weights = d.initialise(7);
            Shape shape = ComputeThread.call(() -> {
                try (NDManager m = NDManager.newBaseManager()) {
                    return d.score(weights.toArrays(m), m.randomUniform(0, 1, new Shape(5, 1, size, size))).getShape();
                }
            });
            assertEquals(new Shape(5), shape);
        }
        assertThrows(IllegalArgumentException.class, () -> new DcganGenerator(1, 30, 100, 32));
    }
}
