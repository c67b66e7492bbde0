package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;

/**
 * The statistics a train-mode BatchNorm layer normalises its input with: the per-channel mean and
 * the biased variance over the batch and the spatial positions. Part of the autograd graph, so a
 * prior on them (Yin et al., CVPR 2021) can be differentiated to the input.
 */
public record BatchStatistics(NDArray mean, NDArray variance) {
}
