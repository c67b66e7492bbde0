package org.invwb.core.attack.model;

import java.util.Arrays;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.SpecException;

/**
 * What every model inversion starts from: the attacked target classifier (section {@code model}), the
 * classes to reconstruct, and the scorer built from the evaluation classifier (section {@code evaluation})
 * and the target's private training images (section {@code data}), which only scoring sees.
 */
record InversionSetup(Classifier target, int[] classes, InversionScorer scorer) {

    /** The shipped target: a width-8 ConvNet with 10 outputs trained on the MNIST digits 5–9 only. */
    static final String TARGET = "bundled:convnet-mnist-private";
    /** The shipped evaluation classifier: an MLP (another architecture and seed) trained on the same digits. */
    static final String EVALUATION = "bundled:mlp-mnist-private";

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("private", "bundled:mnist-train", "the target's private training images, labelled; only"
                    + " scoring sees them: each reconstruction is compared with this source's images of its class"));
    static final ParamSet MODEL = Classifier.section("convnet", 8, TARGET, "the attacked target classifier");
    static final ParamSet EVALUATION_MODEL = Classifier.section("mlp", 64, EVALUATION, "the evaluation classifier,"
            + " trained independently on the private data, which judges the reconstructions");

    static InversionSetup load(RunContext ctx) throws SpecException, DataException {
        ParamValues model = ctx.section("model");
        Classifier target = Classifier.load(model, "model");
        Classifier evaluation = Classifier.load(ctx.section("evaluation"), "evaluation");
        if (!evaluation.network().inputShape().equals(target.network().inputShape())) {
            throw new SpecException("evaluation", "the evaluation classifier takes " + evaluation.network().inputShape()
                    + " images but the target takes " + target.network().inputShape() + "; set the same imageSize"
                    + " and channels");
        }
        int[] classes = TargetClasses.parse(ctx.section("parameters").getString(TargetClasses.FIELD),
                target.network().numClasses());
        String source = ctx.section("data").getString("private");
        int size = model.getInt("imageSize");
        ImageBatch privateImages = ImageSources.load(source, model.getInt("channels"), size, size);
        if (!privateImages.labeled()) {
            throw new SpecException("data.private", source + " has no labels; scoring needs the private images of"
                    + " each class (an image folder with one sub-folder per class, IDX or CIFAR files)");
        }
        InversionScorer scorer = new InversionScorer(evaluation, privateImages, ComputeEngine.device(ctx.device()));
        for (int c : classes) {
            if (!scorer.hasClass(c)) {
                throw new SpecException("parameters." + TargetClasses.FIELD, source + " (data.private) has no image of"
                        + " class " + c + ", so a reconstruction of it cannot be scored; classes: " + Arrays.toString(classes));
            }
        }
        return new InversionSetup(target, classes, scorer);
    }

    /** Each class repeated {@code perClass} times, class by class: the class of every reconstruction. */
    int[] repeated(int perClass) {
        int[] out = new int[classes.length * perClass];
        for (int i = 0; i < out.length; i++) {
            out[i] = classes[i / perClass];
        }
        return out;
    }
}
