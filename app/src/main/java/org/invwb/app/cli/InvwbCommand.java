package org.invwb.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;

/** The {@code invwb} command: its subcommands, its version line, and how errors become exit codes. */
@Command(name = "invwb", mixinStandardHelpOptions = true, versionProvider = InvwbCommand.Version.class,
        description = "Inversion Workbench: privacy attacks on federated learning, from the command line.",
        footer = {"", "Run invwb without arguments to open the workbench window."},
        subcommands = {RunCommand.class, TrainCommand.class, RoundCommand.class, SweepCommand.class, StudyCommand.class,
            BenchCommand.class, MetricsCommand.class, DescribeCommand.class, DocsCommand.class,
            CommandLine.HelpCommand.class})
public final class InvwbCommand implements Runnable {

    @CommandLine.Spec
    private CommandSpec spec;

    /** A command line ready to execute, with the error handling every entry point (main, tests) shares. */
    public static CommandLine commandLine() {
        ErrorReporter errors = new ErrorReporter();
        return new CommandLine(new InvwbCommand())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** "invwb VERSION" from the jar manifest ("dev" when run from classes), then the Java runtime. */
    static final class Version implements IVersionProvider {

        @Override
        public String[] getVersion() {
            String version = InvwbCommand.class.getPackage().getImplementationVersion();
            return new String[] {
                "invwb " + (version == null ? "dev" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
