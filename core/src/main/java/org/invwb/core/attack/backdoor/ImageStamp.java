package org.invwb.core.attack.backdoor;

/** Something put onto an image in place: a trigger, a recovered mask and pattern, a perturbation. */
@FunctionalInterface
public interface ImageStamp {

    /** Changes the CHW image that starts at {@code offset} of {@code pixels}. */
    void apply(float[] pixels, int offset);
}
