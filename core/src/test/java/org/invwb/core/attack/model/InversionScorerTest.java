package org.invwb.core.attack.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Mlp;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class InversionScorerTest {

    private static final int SIDE = 12;
    private static final int PIXELS = SIDE * SIDE;

    @Test
    void topKCountsTheLogitsAboveTheTarget() {
        float[] logits = {0.1f, 0.5f, 0.3f, 0.9f, 0.2f, 0.0f, 0.7f};
        // 0.5, 0.9 and 0.7 lie above class 2's 0.3: it ranks fourth
        assertFalse(InversionScorer.inTopK(logits, 2, 1));
        assertFalse(InversionScorer.inTopK(logits, 2, 3));
        assertTrue(InversionScorer.inTopK(logits, 2, 4));
        assertTrue(InversionScorer.inTopK(logits, 2, 5));
        assertTrue(InversionScorer.inTopK(logits, 3, 1));
        assertEquals(3, InversionScorer.argmax(logits));
    }

    @Test
    void nearestIsTheSmallestSquaredDistance() {
        float[][] candidates = {{0, 0}, {3, 4}, {1, 1}};
        InversionScorer.Nearest n = InversionScorer.nearest(candidates, new float[] {2, 2});
        assertEquals(2, n.index());
        assertEquals(2.0, n.squaredDistance(), 1e-12);
    }

    private static FloatImage flat(double value) {
        float[] p = new float[PIXELS];
        Arrays.fill(p, (float) value);
        return new FloatImage(1, SIDE, SIDE, p);
    }

    /**
     * An evaluation "network" of one linear layer, so that its penultimate features are the pixels
     * themselves; its logits are (0, mean pixel, −mean pixel). Private images are flat greys: the
     * reconstruction of class 1 (grey 0.45) must be compared with the class-1 grey 0.6, not with the
     * closer class-0 grey 0.5.
     */
    @Test
    void scoresAgainstTheNearestPrivateImageOfTheTargetClassOnly() throws Exception {
        Mlp linear = new Mlp(new Shape(1, SIDE, SIDE), 3);
        float[] w = new float[3 * PIXELS];
        Arrays.fill(w, PIXELS, 2 * PIXELS, 1f / PIXELS);
        Arrays.fill(w, 2 * PIXELS, 3 * PIXELS, -1f / PIXELS);
        LinkedHashMap<String, HostTensor> tensors = new LinkedHashMap<>();
        tensors.put("linear0.weight", new HostTensor(new long[] {3, PIXELS}, w));
        tensors.put("linear0.bias", new HostTensor(new long[] {3}, new float[3]));
        Classifier evaluation = new Classifier(linear, new StateDict(tensors));
        ImageBatch privateImages = ImageBatch.of(List.of(flat(0.2), flat(0.6), flat(0.5), flat(0.9)),
                new int[] {1, 1, 0, 2}, 3, List.of());
        InversionScore score = ComputeThread.call(() -> new InversionScorer(evaluation, privateImages, Device.cpu())
                .score(List.of(flat(0.45), flat(0.45)), new int[] {1, 2}));

        InversionScore.ImageResult one = score.images().get(0);
        assertEquals(1, one.nearestPrivate());
        assertEquals(1, one.evaluatedClass());
        assertTrue(one.top1());
        assertEquals(PIXELS * 0.15 * 0.15, one.knnDistance(), 1e-3);
        assertEquals(10 * Math.log10(1 / (0.15 * 0.15)), one.psnr(), 1e-3);
        // flat images: SSIM is its luminance term alone, (2 μx μy + C1) / (μx² + μy² + C1), C1 = 0.01²
        assertEquals((2 * 0.6 * 0.45 + 1e-4) / (0.36 + 0.2025 + 1e-4), one.ssim(), 1e-4);

        InversionScore.ImageResult two = score.images().get(1);
        assertEquals(3, two.nearestPrivate());
        assertEquals(1, two.evaluatedClass());
        assertFalse(two.top1());
        assertTrue(two.top5(), "three classes: every class is within the top five");
        assertEquals(PIXELS * 0.45 * 0.45, two.knnDistance(), 1e-2);

        assertEquals(0.5, score.top1Accuracy(), 1e-12);
        assertEquals(1.0, score.top5Accuracy(), 1e-12);
        assertEquals((one.knnDistance() + two.knnDistance()) / 2, score.knnDistance(), 1e-9);
        assertEquals(2, score.perClass().size());
    }
}
