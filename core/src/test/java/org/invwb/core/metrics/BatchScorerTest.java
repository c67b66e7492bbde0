package org.invwb.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.invwb.core.data.FloatImage;
import org.junit.jupiter.api.Test;

class BatchScorerTest {

    private static List<FloatImage> randomBatch(int n, long seed) {
        Random rng = new Random(seed);
        List<FloatImage> images = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            float[] px = new float[3 * 16 * 16];
            for (int i = 0; i < px.length; i++) {
                px[i] = rng.nextFloat();
            }
            images.add(new FloatImage(3, 16, 16, px));
        }
        return images;
    }

    @Test
    void shuffledCopyScoresPerfectWithTheRightPairing() {
        List<FloatImage> truth = randomBatch(6, 1);
        int[] order = {3, 0, 5, 1, 4, 2};   // reconstruction j is truth order[j]
        List<FloatImage> reconstruction = new ArrayList<>();
        for (int j : order) {
            reconstruction.add(truth.get(j));
        }
        BatchScore score = BatchScorer.score(truth, reconstruction);

        int[] expected = new int[order.length];
        for (int j = 0; j < order.length; j++) {
            expected[order[j]] = j;
        }
        assertArrayEquals(expected, score.pairing());
        assertEquals(0.0, score.mse());
        assertEquals(ImageMetrics.MAX_PSNR_DB, score.psnr());
        assertEquals(1.0, score.ssim(), 1e-12);
        assertEquals(6, score.perImage().size());
    }

    @Test
    void perImageScoresFollowGroundTruthOrderAndMeansAverageThem() {
        List<FloatImage> truth = randomBatch(3, 2);
        List<FloatImage> noisy = new ArrayList<>();
        Random rng = new Random(3);
        for (FloatImage t : truth) {
            float[] px = t.pixels().clone();
            for (int i = 0; i < px.length; i++) {
                px[i] += (float) (0.05 * rng.nextGaussian());
            }
            noisy.add(new FloatImage(t.channels(), t.height(), t.width(), px));
        }
        // An extra unrelated image is left unpaired.
        List<FloatImage> reconstruction = List.of(noisy.get(2), randomBatch(1, 9).get(0), noisy.get(0), noisy.get(1));
        BatchScore score = BatchScorer.score(truth, reconstruction);

        assertArrayEquals(new int[] {2, 3, 0}, score.pairing());
        double mse = 0, psnr = 0, ssim = 0;
        for (int i = 0; i < 3; i++) {
            ImageScore s = score.perImage().get(i);
            assertEquals(ImageMetrics.mse(truth.get(i), noisy.get(i)), s.mse(), 1e-15);
            assertEquals(ImageMetrics.psnr(truth.get(i), noisy.get(i)), s.psnr(), 1e-12);
            assertEquals(ImageMetrics.ssim(truth.get(i), noisy.get(i)), s.ssim(), 1e-15);
            mse += s.mse();
            psnr += s.psnr();
            ssim += s.ssim();
        }
        assertEquals(mse / 3, score.mse(), 1e-15);
        assertEquals(psnr / 3, score.psnr(), 1e-12);
        assertEquals(ssim / 3, score.ssim(), 1e-15);
    }

    @Test
    void reconstructionWithNaNIsMatchedLast() {
        List<FloatImage> truth = randomBatch(2, 4);
        float[] broken = new float[3 * 16 * 16];
        Arrays.fill(broken, Float.NaN);
        List<FloatImage> reconstruction = List.of(new FloatImage(3, 16, 16, broken), truth.get(1), truth.get(0));
        BatchScore score = BatchScorer.score(truth, reconstruction);
        assertArrayEquals(new int[] {2, 1}, score.pairing());
        assertEquals(0.0, score.mse());
    }

    @Test
    void tooFewReconstructionsIsAnError() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> BatchScorer.score(randomBatch(3, 5), randomBatch(2, 6)));
        assertTrue(e.getMessage().contains("2 reconstructions for 3"), e.getMessage());
    }

    @Test
    void labelAccuracyIgnoresOrderAndCountsMultiplicity() {
        assertEquals(1.0, BatchScorer.labelAccuracy(new int[] {3, 1, 4, 1}, new int[] {1, 4, 1, 3}));
        // Only one of the two 1s was recovered.
        assertEquals(0.75, BatchScorer.labelAccuracy(new int[] {3, 1, 4, 1}, new int[] {1, 4, 5, 3}));
        // Repeating a label does not earn it twice.
        assertEquals(0.25, BatchScorer.labelAccuracy(new int[] {7, 2, 2, 9}, new int[] {9, 9, 9, 9}));
        assertEquals(0.0, BatchScorer.labelAccuracy(new int[] {0, 1}, new int[] {2, 3}));
        // Fewer recovered labels than images (a partial recovery) still scores against all images.
        assertEquals(0.5, BatchScorer.labelAccuracy(new int[] {5, 6}, new int[] {6}));
        assertThrows(IllegalArgumentException.class, () -> BatchScorer.labelAccuracy(new int[0], new int[0]));
    }
}
