package org.invwb.core.attack.backdoor;

import java.util.SplittableRandom;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.SpecException;

/**
 * The model a backdoor inversion inspects (section {@code model}), the range of pixel values it was
 * trained on, and the clean labelled images the defender holds (section {@code data}).
 */
record SuspectModel(Network network, StateDict weights, PixelRange range, ImageBatch clean) {

    static SuspectModel load(RunContext ctx) throws SpecException, DataException {
        ParamValues model = ctx.section("model");
        ParamValues data = ctx.section("data");
        if (model.getInt("channels") == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        Network network = ClientScenario.network(model);
        String source = data.getString("source");
        int size = model.getInt("imageSize");
        ImageBatch all = ImageSources.load(source, model.getInt("channels"), size, size);
        if (!all.labeled()) {
            throw new SpecException("data.source", source + " has no labels; backdoor inversion needs labelled clean"
                    + " images (a folder with one sub-folder per class, IDX or CIFAR files)");
        }
        for (int label : all.labels()) {
            if (label >= network.numClasses()) {
                throw new SpecException("model.numClasses", source + " has label " + label + ", so the model needs"
                        + " more than " + network.numClasses() + " classes");
            }
        }
        StateDict weights = ClientScenario.modelWeights(model, network, new SplittableRandom(ctx.spec().seed()).nextLong());
        PixelRange range = PixelRange.checked(ctx.section("parameters"), model, network, weights, all);
        return new SuspectModel(network, weights, range, all);
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
