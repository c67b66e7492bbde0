package org.invwb.core.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.invwb.core.engine.ScriptModules;

/**
 * A module saved with {@code torch.jit.save}, loaded offline and run with autograd recording, for the
 * models a user brings as TorchScript (classifiers, ε-models). DJL would run the module with grad mode
 * off; here it runs through {@link ScriptModules#runRecorded} with grad mode on. It is loaded as for
 * training (DJL otherwise loads its weights as inference tensors, which a recorded graph may not hold),
 * then its weights are set not to require gradients, so the graph a forward records reaches only the
 * inputs. Loading runs nothing but the module's own code: TorchScript files hold no Python.
 */
public final class TorchScriptModule implements AutoCloseable {

    /** The file extension that marks a TorchScript model in {@code model.weights}. */
    public static final String EXTENSION = ".pt";

    private final Path file;
    private final NDManager manager;
    private final PtSymbolBlock module;

    private TorchScriptModule(Path file, NDManager manager, PtSymbolBlock module) {
        this.file = file;
        this.manager = manager;
        this.module = module;
    }

    /** Whether {@code source} (a spec's {@code model.weights}) names a TorchScript file. */
    public static boolean isTorchScript(String source) {
        return source.toLowerCase(Locale.ROOT).endsWith(EXTENSION);
    }

    /** Loads {@code file} onto {@code device}, or says why it is not a TorchScript module. Compute thread. */
    public static TorchScriptModule load(Path file, Device device) throws WeightsException {
        if (!Files.isRegularFile(file)) {
            throw new WeightsException(file, "no such file");
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            PtSymbolBlock module = JniUtils.loadModule((PtNDManager) manager, file.toAbsolutePath(), true,
                    new String[0], new String[0], true);
            for (NDArray weight : JniUtils.moduleGetParams(module, (PtNDManager) manager)) {
                weight.setRequiresGradient(false);
            }
            return new TorchScriptModule(file, manager, module);
        } catch (RuntimeException e) {
            manager.close();
            throw new WeightsException(file, "not a TorchScript module (" + reason(e) + "); save the model with"
                    + " torch.jit.save(torch.jit.script(model), path) or torch.jit.trace; a torch.save checkpoint"
                    + " is not one", e);
        }
    }

    /**
     * {@code forward(inputs...)} in training or eval mode; the tensor it returns is owned by the first
     * input's manager and on its device, with a graph back to the inputs.
     */
    public NDArray forward(boolean training, NDArray... inputs) {
        if (training) {
            JniUtils.enableTrainingMode(module);
        } else {
            JniUtils.enableInferenceMode(module);
        }
        Device device = manager.getDevice();
        IValue[] in = new IValue[inputs.length];
        try {
            for (int i = 0; i < inputs.length; i++) {
                NDArray a = inputs[i].getDevice().equals(device) ? inputs[i] : inputs[i].toDevice(device, false);
                in[i] = IValue.from((PtNDArray) a);
            }
            try (IValue out = ScriptModules.runRecorded(module, "forward", in)) {
                if (!out.isTensor()) {
                    throw new IllegalStateException("the module returns " + out.getType() + ", not a tensor");
                }
                NDArray result = out.toTensor((PtNDManager) inputs[0].getManager());
                Device wanted = inputs[0].getDevice();
                return result.getDevice().equals(wanted) ? result : result.toDevice(wanted, false);
            }
        } finally {
            for (IValue v : in) {
                if (v != null) {
                    v.close();
                }
            }
        }
    }

    public Path file() {
        return file;
    }

    /** A manager for the arrays of a load-time check, freed with the module. */
    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }

    /** libtorch's own words: the last "RuntimeError:" line of a TorchScript traceback, else the first line. */
    public static String reason(Throwable e) {
        String[] lines = String.valueOf(e.getMessage()).strip().split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            if (lines[i].startsWith("RuntimeError: ")) {
                return lines[i].substring("RuntimeError: ".length());
            }
        }
        return lines[0];
    }
}
