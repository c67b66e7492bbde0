package org.invwb.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.ScriptModules;

/**
 * A classifier saved as TorchScript ({@code torch.jit.save}), for the attacks that need only the
 * gradient of its logits with respect to its input. Its weights live inside the module, so as a
 * {@link Network} it has no parameters: {@code forward} ignores the parameter map, and gradients with
 * respect to the weights, which gradient inversion needs, cannot be had from it.
 *
 * <p>DJL would run the module with grad mode off (inference mode); here it runs through
 * {@link ScriptModules#runRecorded} with grad mode on, and with the module in eval mode unless a
 * training forward is asked for. The module is loaded as for training (DJL otherwise loads its weights
 * as inference tensors, which a recorded graph may not hold), then its weights are set not to require
 * gradients, so the graph a forward records reaches only the input. Loading checks on a zero input that the forward returns
 * (1, numClasses) logits whose gradient reaches the input, and refuses the file otherwise. Loading runs
 * nothing but the module's own forward: TorchScript files hold no Python code.
 */
public final class TorchScriptModel implements Network, AutoCloseable {

    public static final String NAME = "torchscript";
    /** The file extension that marks a TorchScript model in {@code model.weights}. */
    public static final String EXTENSION = ".pt";

    private final Path file;
    private final Shape inputShape;
    private final int numClasses;
    private final NDManager manager;
    private final PtSymbolBlock module;

    private TorchScriptModel(Path file, Shape inputShape, int numClasses, NDManager manager, PtSymbolBlock module) {
        this.file = file;
        this.inputShape = inputShape;
        this.numClasses = numClasses;
        this.manager = manager;
        this.module = module;
    }

    /** Whether {@code source} (a spec's {@code model.weights}) names a TorchScript file. */
    public static boolean isTorchScript(String source) {
        return source.toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    /**
     * Loads {@code file} onto {@code device} and checks it as a classifier of {@code inputShape} (channels,
     * height, width) images into {@code numClasses} classes. Compute thread.
     */
    public static TorchScriptModel load(Path file, Shape inputShape, int numClasses, Device device)
            throws WeightsException {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(file, "no such file");
        }
        NDManager manager = NDManager.newBaseManager(device);
        PtSymbolBlock module;
        try {
            // loaded as for training: otherwise DJL loads the weights as inference tensors, which no graph may hold
            module = JniUtils.loadModule((PtNDManager) manager, file.toAbsolutePath(), true, new String[0],
                    new String[0], true);
            // gradients are wanted for the input only; the graph then stops at the weights
            for (NDArray weight : JniUtils.moduleGetParams(module, (PtNDManager) manager)) {
                weight.setRequiresGradient(false);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw new WeightsException(file, "not a TorchScript module (" + reason(e) + "); save the model with"
                    + " torch.jit.save(torch.jit.script(model), path) or torch.jit.trace; a torch.save checkpoint"
                    + " is not one", e);
        }
        TorchScriptModel model = new TorchScriptModel(file, inputShape, numClasses, manager, module);
        try {
            model.check();
        } catch (WeightsException e) {
            manager.close();
            throw e;
        }
        return model;
    }

    /** One forward on a zero image: 2-D logits of numClasses columns whose gradient reaches the input. */
    private void check() throws WeightsException {
        Shape one = new Shape(1).addAll(inputShape);
        try (NDManager m = manager.newSubManager()) {
            NDArray input = Autograd.leaf(m.zeros(one));
            NDArray logits;
            try {
                logits = forward(Map.of(), input, false);
            } catch (RuntimeException e) {
                throw new WeightsException(file, "its forward fails on an input of shape " + one + " (the model"
                        + " section's channels and imageSize): " + reason(e), e);
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
                        + reason(e) + ")", e);
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
        if (training) {
            JniUtils.enableTrainingMode(module);
        } else {
            JniUtils.enableInferenceMode(module);
        }
        Device device = manager.getDevice();
        NDArray onDevice = input.getDevice().equals(device) ? input : input.toDevice(device, false);
        try (IValue in = IValue.from((PtNDArray) onDevice);
             IValue out = ScriptModules.runRecorded(module, "forward", in)) {
            if (!out.isTensor()) {
                throw new IllegalStateException("the module returns " + out.getType() + ", not a tensor of logits");
            }
            NDArray logits = out.toTensor((PtNDManager) input.getManager());
            return logits.getDevice().equals(input.getDevice()) ? logits : logits.toDevice(input.getDevice(), false);
        }
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
        manager.close();
    }

    /** libtorch's own words: the last "RuntimeError:" line of a TorchScript traceback, else the first line. */
    private static String reason(Throwable e) {
        String[] lines = String.valueOf(e.getMessage()).strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("RuntimeError: ")) {
                return lines[i].substring("RuntimeError: ".length());
            }
        }
        return lines[0];
    }
}
