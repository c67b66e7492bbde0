package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * Dropout given explicitly, so that a pass can be repeated or its masks optimised: for each dropout
 * site of a network (see {@link Network#dropoutSites()}), a mask of shape (N, units) whose entries
 * say how much of each unit is kept (1 kept, 0 dropped; values in between for an attacker's relaxed
 * masks). As PyTorch's inverted dropout does, kept units are scaled by 1/(1 − rate). A site without
 * a mask passes its input unchanged.
 *
 * @param rate the dropout probability p, in [0, 1)
 * @param keep the masks by site name
 */
public record DropoutMasks(double rate, Map<String, NDArray> keep) {

    /** No dropout anywhere: the plain forward. */
    public static final DropoutMasks NONE = new DropoutMasks(0, Map.of());

    public DropoutMasks {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout rate must be in [0, 1), got " + rate);
        }
        keep = Map.copyOf(keep);
    }
}
