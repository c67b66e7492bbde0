package org.invwb.core.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;

/** Scores a reconstructed batch against its ground truth when the order of the batch is lost. */
public final class BatchScorer {

    private BatchScorer() {
    }

    /**
     * Pairs each ground-truth image with a distinct reconstruction so that the summed MSE is minimal
     * (batch gradient inversion recovers images in arbitrary order), then scores the pairs.
     * Reconstructions left unpaired, when there are more of them, are not scored.
     */
    public static BatchScore score(List<FloatImage> truth, List<FloatImage> reconstruction) {
        if (truth.isEmpty()) {
            throw new IllegalArgumentException("no ground-truth images to score");
        }
        if (reconstruction.size() < truth.size()) {
            throw new IllegalArgumentException("only " + reconstruction.size() + " reconstructions for "
                    + truth.size() + " ground-truth images");
        }
        int[] pairing = Hungarian.minCostAssignment(mseMatrix(truth, reconstruction));

        List<ImageScore> perImage = new ArrayList<>(truth.size());
        double mse = 0, psnr = 0, ssim = 0;
        for (int i = 0; i < truth.size(); i++) {
            FloatImage t = truth.get(i);
            FloatImage r = reconstruction.get(pairing[i]);
            double e = ImageMetrics.mse(t, r);
            ImageScore s = new ImageScore(e, ImageMetrics.psnrOf(e), ImageMetrics.ssim(t, r));
            perImage.add(s);
            mse += s.mse();
            psnr += s.psnr();
            ssim += s.ssim();
        }
        int n = truth.size();
        return new BatchScore(mse / n, psnr / n, ssim / n, perImage, pairing);
    }

    /**
     * Share of the true labels that were recovered, ignoring order: gradient inversion recovers the
     * labels of a batch as a multiset, so each recovered label counts once against one true label.
     */
    public static double labelAccuracy(int[] truth, int[] recovered) {
        if (truth.length == 0) {
            throw new IllegalArgumentException("no true labels to compare against");
        }
        Map<Integer, Integer> remaining = new HashMap<>();
        for (int label : truth) {
            remaining.merge(label, 1, Integer::sum);
        }
        int hits = 0;
        for (int label : recovered) {
            Integer left = remaining.get(label);
            if (left != null && left > 0) {
                remaining.put(label, left - 1);
                hits++;
            }
        }
        return (double) hits / truth.length;
    }

    /**
     * Pairwise MSE, truth by reconstruction. A reconstruction with NaN pixels gets a cost above every
     * finite one, so it is matched last instead of breaking the assignment; its scores stay NaN.
     */
    private static double[][] mseMatrix(List<FloatImage> truth, List<FloatImage> reconstruction) {
        double[][] cost = new double[truth.size()][reconstruction.size()];
        double worst = 0;
        for (int i = 0; i < truth.size(); i++) {
            for (int j = 0; j < reconstruction.size(); j++) {
                cost[i][j] = ImageMetrics.mse(truth.get(i), reconstruction.get(j));
                if (Double.isFinite(cost[i][j])) {
                    worst = Math.max(worst, cost[i][j]);
                }
            }
        }
        for (double[] row : cost) {
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    row[j] = 2 * worst + 1;
                }
            }
        }
        return cost;
    }
}
