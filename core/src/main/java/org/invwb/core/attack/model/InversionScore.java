package org.invwb.core.attack.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.invwb.core.data.FloatImage;

/** The scores of a set of model-inversion reconstructions ({@link InversionScorer}), per image and averaged. */
record InversionScore(List<ImageResult> images) {

    /**
     * One reconstruction's scores.
     *
     * @param targetClass     the class it was reconstructed for
     * @param evaluatedClass  the evaluation classifier's top-1 class for it
     * @param top1            whether that is the target class
     * @param top5            whether the target class is among the evaluation classifier's five most likely
     * @param knnDistance     squared L2 distance of its evaluation features to the closest private image's of its class
     * @param nearestPrivate  position in the private source of the private image of its class nearest in pixels
     * @param nearestImage    that image
     */
    record ImageResult(int targetClass, int evaluatedClass, boolean top1, boolean top5, double knnDistance,
                       int nearestPrivate, FloatImage nearestImage, double psnr, double ssim) {
    }

    InversionScore {
        images = List.copyOf(images);
    }

    double top1Accuracy() {
        return mean(images, r -> r.top1() ? 1 : 0);
    }

    double top5Accuracy() {
        return mean(images, r -> r.top5() ? 1 : 0);
    }

    double knnDistance() {
        return mean(images, ImageResult::knnDistance);
    }

    double psnr() {
        return mean(images, ImageResult::psnr);
    }

    double ssim() {
        return mean(images, ImageResult::ssim);
    }

    /** The nearest private image of each reconstruction, in order: what each is compared with. */
    List<FloatImage> nearestImages() {
        return images.stream().map(ImageResult::nearestImage).toList();
    }

    /** Per target class, in class order: its images' count and mean scores. */
    List<Map<String, Object>> perClass() {
        Map<Integer, List<ImageResult>> byClass = new TreeMap<>();
        images.forEach(r -> byClass.computeIfAbsent(r.targetClass(), c -> new ArrayList<>()).add(r));
        List<Map<String, Object>> out = new ArrayList<>();
        byClass.forEach((label, results) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("targetClass", label);
            row.put("images", results.size());
            row.put("attackAccuracy", mean(results, r -> r.top1() ? 1 : 0));
            row.put("attackAccuracyTop5", mean(results, r -> r.top5() ? 1 : 0));
            row.put("knnDistance", mean(results, ImageResult::knnDistance));
            row.put("psnr", mean(results, ImageResult::psnr));
            row.put("ssim", mean(results, ImageResult::ssim));
            out.add(row);
        });
        return out;
    }

    /** Per reconstruction, in order. */
    List<Map<String, Object>> perImage() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (ImageResult r : images) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("targetClass", r.targetClass());
            row.put("evaluatedClass", r.evaluatedClass());
            row.put("top5", r.top5());
            row.put("knnDistance", r.knnDistance());
            row.put("nearestPrivateImage", r.nearestPrivate());
            row.put("psnr", r.psnr());
            row.put("ssim", r.ssim());
            out.add(row);
        }
        return out;
    }

    /** Averages, then per class and per image, as a run report lists them. */
    Map<String, Object> metrics() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attackAccuracy", top1Accuracy());
        m.put("attackAccuracyTop5", top5Accuracy());
        m.put("knnDistance", knnDistance());
        m.put("psnr", psnr());
        m.put("ssim", ssim());
        m.put("perClass", perClass());
        m.put("perImage", perImage());
        return m;
    }

    private static double mean(List<ImageResult> results, ToDoubleFunction<ImageResult> value) {
        return results.stream().mapToDouble(value).average().orElse(Double.NaN);
    }
}
