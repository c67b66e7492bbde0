package org.invwb.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.invwb.core.train.TrainingMethods;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code invwb train SPEC --out DIR}: {@code run} for the training family only. The run folder holds the
 * trained {@code weights.safetensors} beside the usual files; exit codes are {@code run}'s.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train the model SPEC (a JSON file of a training method) describes and write its run folder,"
                + " with the weights in weights.safetensors.")
final class TrainCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Mixin
    private SpecInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the run folder to create; it must not exist or be empty")
    private Path out;

    @Override
    public Integer call() throws Exception {
        Spec spec = input.load();
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        ResolvedSpec resolved = launcher.resolve(spec);
        RunExecution.requireFamily(launcher, resolved, TrainingMethods.FAMILY, "train");
        return RunExecution.execute(command, input, launcher, spec, resolved, out, 0);
    }
}
