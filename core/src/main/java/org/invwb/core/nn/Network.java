package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network as a pure function of its parameters: {@code forward(params, input)}. Keeping the
 * parameters outside lets an attack bind fresh arrays each iteration and differentiate through
 * the parameter gradient (see {@link org.invwb.core.engine.Autograd}).
 */
public interface Network {

    /** Registry name, e.g. {@code lenet-dlg}. */
    String name();

    /** Input shape of one image: channels, height, width. */
    Shape inputShape();

    int numClasses();

    /** Parameter names (PyTorch style) and shapes, in a fixed order. */
    LinkedHashMap<String, Shape> parameterShapes();

    /** Logits for a batch (N, C, H, W); {@code training} selects train-mode behaviour where it differs. */
    NDArray forward(Map<String, NDArray> params, NDArray input, boolean training);

    /** Name of the last layer's weight (classes × features), which label-recovery rules read. */
    String classifierWeight();

    /** Initial weights drawn from {@code seed} as the network's reference implementation does. */
    StateDict initialise(long seed);
}
