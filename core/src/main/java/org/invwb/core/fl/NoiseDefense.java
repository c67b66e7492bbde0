package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;

/**
 * Additive noise on the update, Gaussian or Laplacian, the noise defense evaluated against DLG by
 * Zhu, Liu and Han (NeurIPS 2019, section 5). The scale is the Gaussian's standard deviation or the
 * Laplace distribution's scale b (standard deviation b·√2). Unlike DP-SGD nothing is clipped, so no
 * privacy guarantee follows.
 */
public final class NoiseDefense implements UpdateDefense {

    public static final String GAUSSIAN = "gaussian-noise";
    public static final String LAPLACIAN = "laplacian-noise";

    private final String name;
    private final double scale;
    private final ToDoubleFunction<SplittableRandom> draw;
    private final SplittableRandom random;

    private NoiseDefense(String name, double scale, ToDoubleFunction<SplittableRandom> draw, long seed) {
        this.name = name;
        this.scale = scale;
        this.draw = draw;
        this.random = new SplittableRandom(seed);
    }

    public static NoiseDefense gaussian(double standardDeviation, long seed) {
        return new NoiseDefense(GAUSSIAN, standardDeviation, Sampling::gaussian, seed);
    }

    public static NoiseDefense laplacian(double scale, long seed) {
        return new NoiseDefense(LAPLACIAN, scale, Sampling::laplace, seed);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public StateDict apply(StateDict update) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        update.tensors().forEach((n, t) -> {
            float[] noisy = t.data().clone();
            for (int i = 0; i < noisy.length; i++) {
                noisy[i] += (float) (scale * draw.applyAsDouble(random));
            }
            out.put(n, new HostTensor(t.shape(), noisy));
        });
        return new StateDict(out);
    }
}
