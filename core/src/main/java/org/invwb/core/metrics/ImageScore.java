package org.invwb.core.metrics;

/** The metrics of one reconstructed image against its ground truth. */
public record ImageScore(double mse, double psnr, double ssim) {
}
