package org.invwb.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code invwb run SPEC --out DIR}: runs one experiment into a new run folder, showing its progress,
 * and exits with 0 (done), 1 (failed), 2 (bad spec, data or arguments) or 130 (cancelled).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the experiment in SPEC (a JSON file) and write its run folder.")
final class RunCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Mixin
    private SpecInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the run folder to create; it must not exist or be empty")
    private Path out;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "10",
            description = "save a snapshot PNG every N iterations, 0 for none (default: ${DEFAULT-VALUE})")
    private int snapshotEvery;

    @Override
    public Integer call() throws Exception {
        if (snapshotEvery < 0) {
            throw new BadInputException("--snapshot-every " + snapshotEvery + ": expected 0 (none) or more");
        }
        Spec spec = input.load();
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        return RunExecution.execute(command, input, launcher, spec, launcher.resolve(spec), out, snapshotEvery);
    }
}
