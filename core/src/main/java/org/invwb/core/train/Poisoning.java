package org.invwb.core.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.attack.backdoor.AttackSuccess;
import org.invwb.core.attack.backdoor.PixelRange;
import org.invwb.core.attack.backdoor.Trigger;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * Data poisoning as BadNets does it: a fixed subset of the training images, drawn once, carries the
 * trigger and the target label in every epoch; the rest stay clean. After each epoch the attack
 * success rate is measured on the non-target test images with the trigger.
 */
final class Poisoning implements TrainingHook {

    private final Trigger trigger;
    private final int target;
    private final double fraction;
    private final SplittableRandom random;
    private boolean[] poisoned;
    private int poisonedCount;
    private ImageBatch test;

    Poisoning(Trigger trigger, int target, double fraction, SplittableRandom random) {
        this.trigger = trigger;
        this.target = target;
        this.fraction = fraction;
        this.random = random;
    }

    @Override
    public void start(ImageBatch train, ImageBatch test) {
        this.test = test;
        int n = train.count();
        poisonedCount = (int) Math.round(fraction * n);
        poisoned = new boolean[n];
        // a partial Fisher–Yates shuffle: the first poisonedCount entries are a uniform draw without replacement
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < poisonedCount; i++) {
            int j = i + random.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            poisoned[order[i]] = true;
        }
    }

    @Override
    public void beforeStep(int[] picked, float[] pixels, int[] labels) {
        int size = trigger.imageSize();
        for (int i = 0; i < picked.length; i++) {
            if (poisoned[picked[i]]) {
                trigger.apply(pixels, i * size);
                labels[i] = target;
            }
        }
    }

    @Override
    public Map<String, Double> evaluate(Network network, StateDict weights) {
        return Map.of("attackSuccessRate", AttackSuccess.rate(network, weights, test, target, trigger));
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("poisonedImages", poisonedCount);
        figures.put("targetClass", target);
        figures.put("pixelRange", PixelRange.UNIT.label());
        return figures;
    }
}
