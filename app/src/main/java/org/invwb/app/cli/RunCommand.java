package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.app.run.RunSummary;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
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
class RunCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the run to stop and its folder to be written. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

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
        ResolvedSpec resolved = launcher.resolve(spec);
        accept(launcher.registry().find(resolved.method()).orElseThrow());
        String deviceName = ComputeThread.call(input::device);

        BadInputWatch watch = new BadInputWatch();
        PrintWriter stdout = command.commandLine().getOut();
        try (PreparedRun run = launcher.prepare(spec, resolved, out, deviceName, snapshotEvery, snapshotEvery,
                     watch::watch);
             CancelOnShutdown cancel = new CancelOnShutdown(run.job().control(), CANCEL_GRACE,
                     command.commandLine().getErr())) {
            // Java 17's System.console() is null unless stdin and stdout are both a terminal.
            run.job().addSink(new ConsoleProgress(stdout, System.console() != null, run.plannedIterations(),
                    System::nanoTime));
            RunReport report = run.runAndWait();
            stdout.print(RunSummary.format(report, run.runDir()));
            stdout.flush();
            return exitCode(report, run.store(), watch);
        }
    }

    /** Refuses a method this command does not run; {@code run} runs them all. */
    void accept(MethodDescriptor method) throws BadInputException {
    }

    private int exitCode(RunReport report, RunStore store, BadInputWatch watch) throws Exception {
        if (watch.message().isPresent()) {
            throw new BadInputException(watch.message().get());
        }
        if (store.writeError().isPresent()) {
            IOException e = store.writeError().get();
            throw new IOException("run folder " + store.runDir() + " is incomplete: " + e.getMessage(), e);
        }
        switch (report.status()) {
            case RunReport.DONE:
                return ExitCode.DONE;
            case RunReport.CANCELLED:
                return ExitCode.CANCELLED;
            default:
                command.commandLine().getErr().println("invwb: run failed: " + report.reason());
                command.commandLine().getErr().flush();
                return ExitCode.FAILED;
        }
    }
}
