package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.app.run.RunSummary;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * One spec run into a new run folder with its progress on the console, as {@code run} and {@code round} both
 * do it; the exit code is 0 (done), 1 (failed), 2 (bad spec, data or arguments) or 130 (cancelled).
 */
final class RunExecution {

    /** How long Ctrl-C waits for the run to stop and its folder to be written. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    private RunExecution() {
    }

    /**
     * For the commands that run one family only ({@code train}, {@code round}): refuses a spec of another
     * family before anything starts, so a training spec cannot launch an attack by mistake.
     */
    static void requireFamily(RunLauncher launcher, ResolvedSpec resolved, String family, String commandName)
            throws BadInputException {
        String actual = launcher.registry().find(resolved.method()).orElseThrow().family();
        if (!actual.equals(family)) {
            throw new BadInputException("method: " + resolved.method() + " is a method of the " + actual
                    + " family; invwb " + commandName + " runs only " + family + " methods. Use invwb run for it.");
        }
    }

    static int execute(CommandSpec command, SpecInput input, RunLauncher launcher, Spec spec, ResolvedSpec resolved,
                       Path out, int snapshotEvery) throws Exception {
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
            return exitCode(command, report, run.store(), watch);
        }
    }

    private static int exitCode(CommandSpec command, RunReport report, RunStore store, BadInputWatch watch)
            throws Exception {
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
