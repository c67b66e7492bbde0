package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors in a fixed order, with PyTorch-style names ({@code body.0.weight}): a network's
 * weights, or an update (gradient or weight difference) of the same layout.
 */
public record StateDict(Map<String, HostTensor> tensors) {

    public StateDict {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
    }

    public HostTensor get(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor named \"" + name + "\"; have " + tensors.keySet());
        }
        return t;
    }

    /** Copies every tensor into arrays owned by {@code manager}, in order. */
    public LinkedHashMap<String, NDArray> toArrays(NDManager manager) {
        LinkedHashMap<String, NDArray> out = new LinkedHashMap<>();
        tensors.forEach((name, t) -> out.put(name, t.toArray(manager)));
        return out;
    }

    public static StateDict of(Map<String, NDArray> arrays) {
        LinkedHashMap<String, HostTensor> out = new LinkedHashMap<>();
        arrays.forEach((name, a) -> out.put(name, HostTensor.of(a)));
        return new StateDict(out);
    }

    public long parameterCount() {
        long n = 0;
        for (HostTensor t : tensors.values()) {
            n += t.size();
        }
        return n;
    }
}
