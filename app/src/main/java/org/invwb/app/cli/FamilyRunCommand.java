package org.invwb.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code run} for one family of methods only ({@code train}, {@code round}): a spec of another family is
 * refused before anything starts, so a training spec cannot launch an attack by mistake. Exit codes are
 * {@code run}'s.
 */
abstract class FamilyRunCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Mixin
    private SpecInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the run folder to create; it must not exist or be empty")
    private Path out;

    /** The family whose methods this command runs. */
    abstract String family();

    /** What to tell the user after a run that ended done; nothing by default. */
    void afterDone(PrintWriter stdout, Path runDir) {
    }

    @Override
    public Integer call() throws Exception {
        Spec spec = input.load();
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        ResolvedSpec resolved = launcher.resolve(spec);
        RunExecution.requireFamily(launcher, resolved, family(), command.name());
        int code = RunExecution.execute(command, input, launcher, spec, resolved, out, 0);
        if (code == ExitCode.DONE) {
            PrintWriter stdout = command.commandLine().getOut();
            afterDone(stdout, out);
            stdout.flush();
        }
        return code;
    }
}
