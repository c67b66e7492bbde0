package org.invwb.core.train;

import java.util.SplittableRandom;
import org.invwb.core.attack.backdoor.Trigger;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * Classifier training on poisoned data (BadNets, Gu, Dolan-Gavitt and Garg 2017): the loop of
 * {@link ClassifierTraining}, with a trigger stamped on a fixed fraction of the training images,
 * which are relabelled to the target class. Reports the clean test accuracy and, after every epoch,
 * the attack success rate on the triggered non-target test images.
 */
final class BackdoorTraining implements InversionMethod {

    static final String NAME = "train-backdoored";
    /** Keeps the poisoned subset's draw apart from the streams of the weights, shuffling and augmentation. */
    private static final long POISON_STREAM = 0x626164_6e657473L;

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues model = ctx.section("model");
        ParamValues backdoor = ctx.section("backdoor");
        int target = backdoor.getInt("targetClass");
        if (target >= model.getInt("numClasses")) {
            throw new SpecException("backdoor.targetClass", target + " is not a class of a model with "
                    + model.getInt("numClasses") + " classes (0 to " + (model.getInt("numClasses") - 1) + ")");
        }
        int size = model.getInt("imageSize");
        Trigger trigger = Trigger.of(backdoor, model.getInt("channels"), size, size);
        Poisoning poisoning = new Poisoning(trigger, target, backdoor.getDouble("poisonFraction"),
                new SplittableRandom(ctx.spec().seed() ^ POISON_STREAM));
        return new ClassifierTraining(poisoning).run(ctx);
    }
}
