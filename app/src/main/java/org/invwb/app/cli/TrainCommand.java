package org.invwb.app.cli;

import org.invwb.core.run.MethodDescriptor;
import picocli.CommandLine.Command;

/**
 * {@code invwb train SPEC --out DIR}: {@code run} for the training family only, so a spec meant to
 * train a model cannot start an attack by mistake. The run folder holds the trained
 * {@code weights.safetensors} beside the usual files; exit codes are {@code run}'s.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the model SPEC (a JSON file of a training method) describes and write its run folder,"
                + " with the weights in weights.safetensors.")
final class TrainCommand extends RunCommand {

    static final String FAMILY = "training";

    @Override
    void accept(MethodDescriptor method) throws BadInputException {
        if (!method.family().equals(FAMILY)) {
            throw new BadInputException("method: " + method.name() + " is a method of the " + method.family()
                    + " family; invwb train runs only training methods (e.g. train-classifier). Use invwb run for it.");
        }
    }
}
