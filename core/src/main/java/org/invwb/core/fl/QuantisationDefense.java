package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;

/**
 * Uniform quantisation of the update to {@code bits} bits per entry, per tensor, deterministic
 * (round to the nearest level): each tensor's range [min, max] is cut into 2^bits − 1 equal steps.
 * Low-precision updates are among the defenses Zhu, Liu and Han (NeurIPS 2019, section 5) test DLG
 * against. The server also learns each tensor's min and max.
 */
public final class QuantisationDefense implements UpdateDefense {

    public static final String NAME = "quantisation";

    private final int bits;

    public QuantisationDefense(int bits) {
        if (bits < 1 || bits > 24) {
            throw new IllegalArgumentException("bits must lie in [1, 24], got " + bits);
        }
        this.bits = bits;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public StateDict apply(StateDict update) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        update.tensors().forEach((name, t) -> out.put(name, new HostTensor(t.shape(), quantised(t.data()))));
        return new StateDict(out);
    }

    private float[] quantised(float[] data) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : data) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double step = ((double) max - min) / ((1 << bits) - 1);
        float[] out = new float[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = step == 0 ? data[i] : (float) (min + Math.rint((data[i] - min) / step) * step);
        }
        return out;
    }
}
