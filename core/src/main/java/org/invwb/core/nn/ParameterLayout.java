package org.invwb.core.nn;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;

/** A model's named tensors: what a weights file must hold to be this model's weights. */
public interface ParameterLayout {

    /** Registry name, e.g. {@code lenet-dlg}. */
    String name();

    /**
     * Names and shapes of every tensor of the model, trainable parameters and buffers alike, as
     * PyTorch's {@code state_dict()} names and orders them.
     */
    LinkedHashMap<String, Shape> parameterShapes();
}
