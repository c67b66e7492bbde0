package org.invwb.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.fl.FederatedMethods;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code invwb round SPEC --out DIR}: runs a federated round spec into a run folder, which then also holds
 * the victim's observation, ready for an attack's {@code client.observation}. Exit codes as for {@code run}.
 */
@Command(name = "round", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the federated training in SPEC (method federated-round) and store, in its run folder,"
                + " what the server received from the victim client.")
final class RoundCommand implements Callable<Integer> {

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
        RunExecution.requireFamily(launcher, resolved, FederatedMethods.FAMILY, "round");
        int code = RunExecution.execute(command, input, launcher, spec, resolved, out, 0);
        if (code == ExitCode.DONE) {
            command.commandLine().getOut().println("observation: " + out.resolve(ObservationFile.METADATA)
                    + " (set client.observation to " + out + " in an attack spec)");
            command.commandLine().getOut().flush();
        }
        return code;
    }
}
