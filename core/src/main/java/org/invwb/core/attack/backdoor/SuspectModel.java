package org.invwb.core.attack.backdoor;

import ai.djl.ndarray.types.Shape;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.TorchScriptModel;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.SpecException;

/**
 * The model a backdoor inversion inspects (section {@code model}), the range of pixel values it was
 * trained on, and the clean labelled images the defender holds (section {@code data}). The backdoor
 * inversions need only gradients with respect to the model's input, so {@code model.weights} may also
 * name a TorchScript file ({@link TorchScriptModel}); its weights are then the module's own and
 * {@code model.architecture} and {@code model.width} are not used. Close it when the run ends.
 */
record SuspectModel(Network network, StateDict weights, PixelRange range, ImageBatch clean) implements AutoCloseable {

    static SuspectModel load(RunContext ctx) throws SpecException, DataException {
        ParamValues model = ctx.section("model");
        ParamValues data = ctx.section("data");
        if (model.getInt("channels") == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        String source = data.getString("source");
        int size = model.getInt("imageSize");
        ImageBatch all = ImageSources.load(source, model.getInt("channels"), size, size);
        if (!all.labeled()) {
            throw new SpecException("data.source", source + " has no labels; backdoor inversion needs labelled clean"
                    + " images (a folder with one sub-folder per class, IDX or CIFAR files)");
        }
        boolean script = TorchScriptModel.isTorchScript(model.getString("weights"));
        Network network = script ? torchScript(ctx, model) : ClientScenario.network(model);
        try {
            for (int label : all.labels()) {
                if (label >= network.numClasses()) {
                    throw new SpecException("model.numClasses", source + " has label " + label + ", so the model"
                            + " needs more than " + network.numClasses() + " classes");
                }
            }
            StateDict weights = script ? network.initialise(0)
                    : ClientScenario.modelWeights(model, network, new SplittableRandom(ctx.spec().seed()).nextLong());
            PixelRange range = PixelRange.checked(ctx.section("parameters"), model, network, weights, all);
            return new SuspectModel(network, weights, range, all);
        } catch (SpecException | RuntimeException e) {
            release(network);
            throw e;
        }
    }

    private static TorchScriptModel torchScript(RunContext ctx, ParamValues model) throws SpecException {
        String weights = model.getString("weights");
        int channels = model.getInt("channels");
        int size = model.getInt("imageSize");
        try {
            return TorchScriptModel.load(Path.of(weights), new Shape(channels, size, size), model.getInt("numClasses"),
                    ComputeEngine.device(ctx.device()));
        } catch (InvalidPathException e) {
            throw new SpecException("model.weights", weights + ": not a valid path");
        } catch (WeightsException e) {
            throw new SpecException("model.weights", e.getMessage());
        }
    }

    @Override
    public void close() {
        release(network);
    }

    /** Frees a TorchScript module; nothing to do for a network of the zoo. */
    private static void release(Network network) {
        if (network instanceof TorchScriptModel module) {
            module.close();
        }
    }

    /** The first {@code count} clean images (all for 0), or a clear error naming {@code field}. */
    ImageBatch first(int count, String field) throws SpecException {
        if (count > clean.count()) {
            throw new SpecException(field, count + " images asked for, but the data source holds only " + clean.count());
        }
        if (count == 0 || count == clean.count()) {
            return clean;
        }
        int[] first = new int[count];
        for (int i = 0; i < count; i++) {
            first[i] = i;
        }
        return clean.subset(first);
    }
}
