package org.invwb.core.metrics;

import java.util.List;

/**
 * Scores of a reconstructed batch: means over the matched pairs, each pair's score in ground-truth
 * order, and {@code pairing[i]}, the index of the reconstruction matched to ground-truth image i.
 */
public record BatchScore(double mse, double psnr, double ssim, List<ImageScore> perImage, int[] pairing) {

    public BatchScore {
        perImage = List.copyOf(perImage);
        pairing = pairing.clone();
    }

    @Override
    public int[] pairing() {
        return pairing.clone();
    }
}
