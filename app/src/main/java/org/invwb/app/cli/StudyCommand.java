package org.invwb.app.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code invwb study NAME}: predefined grids of runs, each ending in a results table. */
@Command(name = "study", mixinStandardHelpOptions = true,
        description = "Run a predefined grid of experiments and write its results table.",
        subcommands = {GradientSuiteCommand.class})
final class StudyCommand implements Runnable {

    @picocli.CommandLine.Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
