package org.invwb.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.invwb.core.engine.Autograd;

/**
 * A classifier saved as TorchScript ({@code torch.jit.save}), for the attacks that need only the
 * gradient of its logits with respect to its input. Its weights live inside the module, so as a
 * {@link Network} it has no parameters: {@code forward} ignores the parameter map, and gradients with
 * respect to the weights, which gradient inversion needs, cannot be had from it. The module runs as
 * {@link TorchScriptModule} runs it: grad mode on, in eval mode unless a training forward is asked
 * for. Loading checks on a zero input that the forward returns (1, numClasses) logits whose gradient
 * reaches the input, and refuses the file otherwise.
 */
public final class TorchScriptModel implements Network, AutoCloseable {

    public static final String NAME = "torchscript";
    /** The file extension that marks a TorchScript model in {@code model.weights}. */
    public static final String EXTENSION = TorchScriptModule.EXTENSION;

    private final Path file;
    private final Shape inputShape;
    private final int numClasses;
    private final TorchScriptModule module;

    private TorchScriptModel(Path file, Shape inputShape, int numClasses, TorchScriptModule module) {
        this.file = file;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.module = module;
    }

    /** Whether {@code source} (a spec's {@code model.weights}) names a TorchScript file. */
    public static boolean isTorchScript(String source) {
        return TorchScriptModule.isTorchScript(source);
    }

    /**
     * Loads {@code file} onto {@code device} and checks it as a classifier of {@code inputShape} (channels,
     * height, width) images into {@code numClasses} classes. Compute thread.
     */
    public static TorchScriptModel load(Path file, Shape inputShape, int numClasses, Device device)
            throws WeightsException {
        TorchScriptModule module = TorchScriptModule.load(file, device);
        TorchScriptModel model = new TorchScriptModel(file, inputShape, numClasses, module);
        try {
            model.check();
        } catch (WeightsException e) {
            module.close();
            throw e;
        }
        return model;
    }

    /** One forward on a zero image: 2-D logits of numClasses columns whose gradient reaches the input. */
    private void check() throws WeightsException {
        Shape one = new Shape(1).addAll(inputShape);
        try (NDManager m = module.manager().newSubManager()) {
            NDArray input = Autograd.leaf(m.zeros(one));
            NDArray logits;
            try {
                logits = forward(Map.of(), input, false);
            } catch (RuntimeException e) {
                throw new WeightsException(file, "its forward fails on an input of shape " + one + " (the model"
                        + " section's channels and imageSize): " + TorchScriptModule.reason(e), e);
            }
            Shape expected = new Shape(1, numClasses);
            if (!logits.getShape().equals(expected)) {
                throw new WeightsException(file, "the module returns shape " + logits.getShape() + " for an input"
                        + " of shape " + one + "; a classifier of " + numClasses + " classes (model.numClasses) must"
                        + " return logits of shape " + expected);
            }
            NDArray gradient;
            try {
                gradient = Autograd.grad(logits.sum(), input);
            } catch (RuntimeException e) {
                throw new WeightsException(file, "the module returns no gradient to its input (it may be frozen,"
                        + " detach its output or run under no_grad); input-gradient attacks cannot use it ("
                        + TorchScriptModule.reason(e) + ")", e);
            }
            for (float g : gradient.toFloatArray()) {
                if (!Float.isFinite(g)) {
                    throw new WeightsException(file, "the gradient of its logits to a zero input is not finite");
                }
            }
        }
    }

    /**
     * Logits for a batch; {@code params} is not used (the weights are the module's own). The result is
     * owned by {@code input}'s manager and on its device, with a graph back to {@code input}.
     */
    @Override
    public NDArray forward(Map<String, NDArray> params, NDArray input, boolean training) {
        return module.forward(training, input);
    }

    @Override
    public String name() {
        return NAME;
    }

    public Path file() {
        return file;
    }

    @Override
    public Shape inputShape() {
        return inputShape;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** None: the weights are inside the module. */
    @Override
    public LinkedHashMap<String, Shape> parameterShapes() {
        return new LinkedHashMap<>();
    }

    @Override
    public String classifierWeight() {
        throw new UnsupportedOperationException(file + ": a TorchScript model keeps its weights inside the module");
    }

    /** No weights to draw: the module's own are used. */
    @Override
    public StateDict initialise(long seed) {
        return new StateDict(Map.of());
    }

    @Override
    public void close() {
        module.close();
    }
}
