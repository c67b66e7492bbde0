package org.invwb.core.attack;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.engine.Scalars;

/**
 * One evaluation of an attack's objective: its data term (the gradient distance of a gradient attack,
 * the identity loss of a model inversion, ...) and its prior terms, each by name with its weight, so
 * that the total is optimised and every term is reported apart.
 */
public final class ObjectiveTerms {

    /** The name of the distance between the dummy update and the observed one. */
    public static final String DISTANCE = "gradientDistance";

    private final List<String> names = new ArrayList<>();
    private final List<NDArray> values = new ArrayList<>();
    private NDArray total;

    /** Adds {@code weight}·{@code value} to the objective; {@code value} (unweighted) is reported as {@code name}. */
    public void add(String name, NDArray value, double weight) {
        if (names.contains(name)) {
            throw new IllegalArgumentException("objective term " + name + " added twice");
        }
        names.add(name);
        values.add(value);
        NDArray weighted = weight == 1 ? value : Scalars.times(value, weight);
        total = total == null ? weighted : total.add(weighted);
    }

    public NDArray total() {
        return total;
    }

    /** The total, then each term by name, copied to the host in one transfer. */
    public Map<String, Double> scalars() {
        NDList list = new NDList(values.size() + 1);
        list.add(total.reshape(1));
        values.forEach(v -> list.add(v.reshape(1)));
        float[] host = NDArrays.concat(list).toFloatArray();
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("objective", (double) host[0]);
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), (double) host[i + 1]);
        }
        return out;
    }
}
