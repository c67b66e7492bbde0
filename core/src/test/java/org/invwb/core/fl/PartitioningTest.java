package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.invwb.core.data.BundledData;
import org.junit.jupiter.api.Test;

class PartitioningTest {

    private static final int[] LABELS = labels();

    private static int[] labels() {
        try {
            return BundledData.load("fashion-mnist-train").labels();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gammaDrawsHaveTheGammaMeanAndVariance() {
        SplittableRandom r = new SplittableRandom(1);
        for (double shape : new double[] {0.05, 0.5, 1, 3.7, 1000}) {
            int n = 200_000;
            double sum = 0;
            double sumSq = 0;
            for (int i = 0; i < n; i++) {
                double g = Sampling.gamma(shape, r);
                sum += g;
                sumSq += g * g;
            }
            double mean = sum / n;
            double variance = sumSq / n - mean * mean;
            // Gamma(k, 1): mean k, variance k; standard error of the mean sqrt(k / n)
            assertEquals(shape, mean, 5 * Math.sqrt(shape / n), "mean at shape " + shape);
            assertEquals(shape, variance, 0.05 * shape, "variance at shape " + shape);
        }
    }

    @Test
    void iidSharesDifferByAtMostOneAndCoverEveryExampleOnce() {
        int[][] parts = Partitioning.iid(103, 10, 7);
        int min = Arrays.stream(parts).mapToInt(p -> p.length).min().orElseThrow();
        int max = Arrays.stream(parts).mapToInt(p -> p.length).max().orElseThrow();
        assertTrue(max - min <= 1, "sizes " + min + ".." + max);
        assertEveryIndexOnce(parts, 103);
        assertArrayEquals(parts[3], Partitioning.iid(103, 10, 7)[3], "same seed, same split");
        assertTrue(!Arrays.equals(parts[3], Partitioning.iid(103, 10, 8)[3]), "another seed, another split");
    }

    @Test
    void byClassGivesEachClientAtMostItsShardsClasses() {
        for (int k : new int[] {1, 2, 3}) {
            int[][] parts = Partitioning.byClass(LABELS, 20, k, 3);
            assertEveryIndexOnce(parts, LABELS.length);
            for (int[] part : parts) {
                long classes = Arrays.stream(part).map(i -> LABELS[i]).distinct().count();
                assertTrue(classes >= 1 && classes <= k, classes + " classes with " + k + " shards");
            }
        }
    }

    @Test
    void dirichletWithLargeAlphaIsNearlyUniformAndWithSmallAlphaSkewed() {
        int clients = 5;
        double[] large = meanLargestClassShare(Partitioning.dirichlet(LABELS, clients, 1000, 2));
        double[] small = meanLargestClassShare(Partitioning.dirichlet(LABELS, clients, 0.05, 2));
        // Fashion-MNIST is balanced over 10 classes: an even mix puts about 10 % of a client's data in its top class
        assertTrue(large[0] < 0.15, "α = 1000: top class holds " + large[0]);
        assertTrue(large[1] < 0.1, "α = 1000: client sizes vary by " + large[1]);
        assertTrue(small[0] > 0.5, "α = 0.05: top class holds " + small[0]);
        assertEveryIndexOnce(Partitioning.dirichlet(LABELS, clients, 0.05, 2), LABELS.length);
    }

    @Test
    void moreClientsThanExamplesIsRefusedWithTheCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Partitioning.iid(5, 6, 0));
        assertTrue(e.getMessage().contains("6 clients") && e.getMessage().contains("only 5 examples"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Partitioning.dirichlet(new int[] {0, 1}, 3, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Partitioning.byClass(LABELS, 2, 2, 0),
                "4 shards cannot cover 10 classes");
    }

    /** The mean over clients of the share of the client's largest class, and the relative spread of client sizes. */
    private static double[] meanLargestClassShare(int[][] parts) {
        double share = 0;
        double mean = LABELS.length / (double) parts.length;
        double spread = 0;
        for (int[] part : parts) {
            int[] counts = new int[10];
            for (int i : part) {
                counts[LABELS[i]]++;
            }
            share += Arrays.stream(counts).max().orElseThrow() / (double) part.length;
            spread = Math.max(spread, Math.abs(part.length - mean) / mean);
        }
        return new double[] {share / parts.length, spread};
    }

    private static void assertEveryIndexOnce(int[][] parts, int n) {
        int[] seen = new int[n];
        for (int[] part : parts) {
            for (int i : part) {
                seen[i]++;
            }
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, seen[i], "example " + i);
        }
    }
}
