package org.invwb.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code torch.autograd.grad} for DJL, including gradients that can themselves be differentiated
 * (gradient matching differentiates a parameter gradient with respect to the input).
 *
 * <p>DJL's public route, {@code backward(create_graph=true)}, stores the gradient on the leaf, and
 * that gradient's graph refers back to the leaf: a reference cycle libtorch never frees (about the
 * size of the model per iteration). {@code torch.autograd.grad} returns the gradients instead of
 * storing them, so nothing accumulates and the same leaves serve every iteration. It is reached
 * through a two-line TorchScript module ({@code tools/export_autograd_module.py}), run in training
 * mode because DJL switches grad mode off for modules in inference mode ({@link ScriptModules}).
 */
public final class Autograd {

    private static final String MODULE = "autograd-grad.pt";

    private static PtSymbolBlock module;

    private Autograd() {
    }

    /** A leaf sharing {@code source}'s storage, with gradients switched on. */
    public static NDArray leaf(NDArray source) {
        NDArray leaf = source.stopGradient();
        leaf.setRequiresGradient(true);
        return leaf;
    }

    /**
     * Gradients of the scalar {@code output} with respect to each of {@code inputs} (which must all
     * take part in computing it), owned by {@code output}'s manager. With {@code createGraph} they
     * are part of the graph, so a loss built from them can be differentiated again. Must run on the
     * compute thread.
     */
    public static List<NDArray> grad(NDArray output, List<NDArray> inputs, boolean createGraph) {
        PtSymbolBlock m = module();
        PtNDManager manager = (PtNDManager) output.getManager();
        PtNDArray[] in = inputs.stream().map(a -> (PtNDArray) a).toArray(PtNDArray[]::new);
        try (IValue out = IValue.from((PtNDArray) output);
             IValue list = IValue.listFrom(in);
             IValue flag = IValue.from(createGraph);
             IValue result = ScriptModules.runRecorded(m, "forward", out, list, flag)) {
            return Arrays.asList(result.toTensorArray(manager));
        }
    }

    /** Gradient of a scalar with respect to one input, without a graph. */
    public static NDArray grad(NDArray output, NDArray input) {
        return grad(output, List.of(input), false).get(0);
    }

    private static synchronized PtSymbolBlock module() {
        if (module == null) {
            ComputeEngine.start();
            try (InputStream in = Autograd.class.getResourceAsStream(MODULE)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + MODULE);
                }
                PtNDManager manager = (PtNDManager) ai.djl.ndarray.NDManager.newBaseManager();
                PtSymbolBlock block = JniUtils.loadModule(manager, in, true, false);
                module = block;
            } catch (IOException e) {
                throw new IllegalStateException("cannot load the autograd module: " + e.getMessage(), e);
            }
        }
        return module;
    }
}
