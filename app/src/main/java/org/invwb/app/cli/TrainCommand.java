package org.invwb.app.cli;

import org.invwb.core.train.TrainingMethods;
import picocli.CommandLine.Command;

/** {@code invwb train SPEC --out DIR}: the run folder holds the trained {@code weights.safetensors}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the model SPEC (a JSON file of a training method) describes and write its run folder,"
                + " with the weights in weights.safetensors.")
final class TrainCommand extends FamilyRunCommand {

    @Override
    String family() {
        return TrainingMethods.FAMILY;
    }
}
