package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.Device;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.metrics.ImageMetrics;

/**
 * Scores model-inversion reconstructions as the literature does (GMI, Zhang et al. 2020, and those
 * after it): an independently trained evaluation classifier judges each reconstruction of class c,
 * giving the top-1 and top-5 attack accuracy; the KNN distance is the squared L2 distance between the
 * evaluation classifier's penultimate features of the reconstruction and of the closest private
 * training image of class c; PSNR and SSIM compare the reconstruction with the private image of class
 * c nearest to it in pixels (the one of highest PSNR). Compute thread only.
 */
final class InversionScorer {

    /** The k of the top-k attack accuracy beside top-1. */
    static final int TOP_K = 5;

    private final Classifier evaluation;
    private final ImageBatch privateImages;
    private final Device device;
    private final float[][] privateFeatures;

    /** @param privateImages the private training images, labelled (the target's owner's data) */
    InversionScorer(Classifier evaluation, ImageBatch privateImages, Device device) {
        if (!privateImages.labeled()) {
            throw new IllegalArgumentException("the private images must be labelled");
        }
        this.evaluation = evaluation;
        this.privateImages = privateImages;
        this.device = device;
        try (NDManager m = NDManager.newBaseManager(device)) {
            Map<String, NDArray> params = evaluation.weights().toArrays(m);
            NDArray images = StagingBuffer.uploadOnThisThread(m, privateImages.pixels(), new Shape(
                    privateImages.count(), privateImages.channels(), privateImages.height(), privateImages.width()));
            privateFeatures = rows(PenultimateFeatures.of(evaluation.network(), params, images));
        }
    }

    /** Whether the private images hold at least one image of {@code label}. */
    boolean hasClass(int label) {
        for (int l : privateImages.labels()) {
            if (l == label) {
                return true;
            }
        }
        return false;
    }

    /** Scores reconstruction i as an image of class {@code classes[i]}. */
    InversionScore score(List<FloatImage> reconstructions, int[] classes) {
        if (reconstructions.size() != classes.length) {
            throw new IllegalArgumentException(reconstructions.size() + " reconstructions for " + classes.length
                    + " classes");
        }
        float[][] logits;
        float[][] features;
        try (NDManager m = NDManager.newBaseManager(device)) {
            Map<String, NDArray> params = evaluation.weights().toArrays(m);
            NDArray images = StagingBuffer.uploadOnThisThread(m, pixels(reconstructions), new Shape(
                    reconstructions.size(), privateImages.channels(), privateImages.height(), privateImages.width()));
            logits = rows(evaluation.network().forward(params, images, false));
            features = rows(PenultimateFeatures.of(evaluation.network(), params, images));
        }
        List<InversionScore.ImageResult> results = new ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            int label = classes[i];
            int[] ofClass = indicesOf(label);
            if (ofClass.length == 0) {
                throw new IllegalArgumentException("no private image of class " + label);
            }
            float[][] candidates = new float[ofClass.length][];
            float[][] candidatePixels = new float[ofClass.length][];
            for (int j = 0; j < ofClass.length; j++) {
                candidates[j] = privateFeatures[ofClass[j]];
                candidatePixels[j] = privateImages.image(ofClass[j]).pixels();
            }
            Nearest knn = nearest(candidates, features[i]);
            Nearest closest = nearest(candidatePixels, reconstructions.get(i).pixels());
            FloatImage nearestImage = privateImages.image(ofClass[closest.index()]);
            FloatImage recon = reconstructions.get(i);
            results.add(new InversionScore.ImageResult(label, argmax(logits[i]), inTopK(logits[i], label, 1),
                    inTopK(logits[i], label, TOP_K), knn.squaredDistance(), ofClass[closest.index()], nearestImage,
                    ImageMetrics.psnr(nearestImage, recon), ImageMetrics.ssim(nearestImage, recon)));
        }
        return new InversionScore(results);
    }

    /** Whether {@code target}'s logit is among the k largest (ties count in its favour). */
    static boolean inTopK(float[] logits, int target, int k) {
        int above = 0;
        for (float l : logits) {
            if (l > logits[target]) {
                above++;
            }
        }
        return above < k;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Position among {@code candidates} and squared L2 distance of the one closest to {@code query}. */
    record Nearest(int index, double squaredDistance) {
    }

    static Nearest nearest(float[][] candidates, float[] query) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int j = 0; j < candidates.length; j++) {
            double d = 0;
            for (int k = 0; k < query.length; k++) {
                double diff = candidates[j][k] - query[k];
                d += diff * diff;
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = j;
            }
        }
        return new Nearest(best, bestDistance);
    }

    private int[] indicesOf(int label) {
        return java.util.stream.IntStream.range(0, privateImages.count())
                .filter(i -> privateImages.labels()[i] == label).toArray();
    }

    private static float[] pixels(List<FloatImage> images) {
        int n = images.get(0).size();
        float[] out = new float[images.size() * n];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i).pixels(), 0, out, i * n, n);
        }
        return out;
    }

    /** The rows of a host copy of a (N, F) array. */
    private static float[][] rows(NDArray x) {
        int n = (int) x.getShape().get(0);
        int f = (int) (x.getShape().size() / Math.max(n, 1));
        float[] flat = x.toFloatArray();
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * f, (i + 1) * f);
        }
        return out;
    }
}
