package org.invwb.core.attack.backdoor;

import java.util.Arrays;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * The attack success rate of a backdoor: the fraction of clean images, not already of the target
 * class, that the model classifies as the target once the trigger is on them.
 */
public final class AttackSuccess {

    private AttackSuccess() {
    }

    /** The images of {@code clean} whose label is not {@code target}, stamped, each labelled {@code target}. */
    public static ImageBatch stamped(ImageBatch clean, int target, ImageStamp stamp) {
        if (!clean.labeled()) {
            throw new IllegalArgumentException("the attack success rate needs labelled images");
        }
        int size = clean.imageSize();
        int kept = 0;
        float[] pixels = new float[clean.count() * size];
        for (int i = 0; i < clean.count(); i++) {
            if (clean.labels()[i] != target) {
                System.arraycopy(clean.pixels(), i * size, pixels, kept * size, size);
                stamp.apply(pixels, kept * size);
                kept++;
            }
        }
        int[] labels = new int[kept];
        Arrays.fill(labels, target);
        return new ImageBatch(Arrays.copyOf(pixels, kept * size), kept, clean.channels(), clean.height(),
                clean.width(), labels, clean.numClasses(), clean.classNames());
    }

    /** Eval-mode attack success rate of {@code stamp} on the non-target images of {@code clean}. Compute thread. */
    public static double rate(Network network, StateDict weights, ImageBatch clean, int target, ImageStamp stamp) {
        ImageBatch stamped = stamped(clean, target, stamp);
        if (stamped.count() == 0) {
            throw new IllegalArgumentException("every image is of the target class " + target);
        }
        return Evaluation.accuracy(network, weights, stamped);
    }
}
