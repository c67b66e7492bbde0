package org.invwb.core.attack.gradient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.data.FloatImage;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.ImageScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.run.RunOutcome;

/** The metrics every gradient attack reports, in one order, so runs of different methods compare. */
final class AttackOutcomes {

    private AttackOutcomes() {
    }

    /**
     * The run's metrics followed by the client's defense and what it reports (the privacy spent), or, for a
     * stored observation, which client and round it came from.
     */
    static RunOutcome withClient(RunOutcome outcome, ClientScenario scenario) {
        Map<String, Object> metrics = new LinkedHashMap<>(outcome.metrics());
        metrics.putAll(scenario.reportEntries());
        return new RunOutcome(outcome.iterations(), metrics, outcome.groundTruth(), outcome.reconstruction(),
                outcome.converged(), outcome.note());
    }

    /** Reconstructions reordered so that position i holds the one matched with ground-truth image i. */
    static List<FloatImage> matched(List<FloatImage> recon, BatchScore score) {
        List<FloatImage> out = new ArrayList<>(recon.size());
        for (int i : score.pairing()) {
            out.add(recon.get(i));
        }
        return out;
    }

    /**
     * Image scores (Hungarian-matched), label accuracy, the final gradient distance and the objective
     * evaluations, then per image and the labels themselves.
     */
    static Map<String, Object> metrics(BatchScore score, double distance, int evaluations, int[] trueLabels,
                                       int[] recovered) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("gradientDistance", distance);
        extra.put("evaluations", evaluations);
        return metrics(score, trueLabels, recovered, extra, null);
    }

    /**
     * Image scores, label accuracy and the method's own figures ({@code extra}), then per image (with, where
     * given, the value {@code perReconstruction} holds for the reconstruction matched to it) and the labels.
     */
    static Map<String, Object> metrics(BatchScore score, int[] trueLabels, int[] recovered, Map<String, Object> extra,
                                       Map.Entry<String, int[]> perReconstruction) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mse", score.mse());
        m.put("psnr", score.psnr());
        m.put("ssim", score.ssim());
        m.put("labelAccuracy", BatchScorer.labelAccuracy(trueLabels, recovered));
        m.putAll(extra);
        List<Map<String, Object>> perImage = new ArrayList<>();
        for (int i = 0; i < score.perImage().size(); i++) {
            ImageScore s = score.perImage().get(i);
            Map<String, Object> row = new LinkedHashMap<>();
            int r = score.pairing()[i];
            row.put("reconstruction", r);
            if (perReconstruction != null) {
                row.put(perReconstruction.getKey(), perReconstruction.getValue()[r]);
            }
            row.put("mse", s.mse());
            row.put("psnr", s.psnr());
            row.put("ssim", s.ssim());
            perImage.add(row);
        }
        m.put("perImage", perImage);
        m.put("trueLabels", trueLabels);
        m.put("recoveredLabels", recovered);
        return m;
    }
}
