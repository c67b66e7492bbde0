package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.app.run.RunSummary;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code invwb run SPEC --out DIR}: runs one experiment into a new run folder, showing its progress,
 * and exits with 0 (done), 1 (failed), 2 (bad spec, data or arguments) or 130 (cancelled).
 */
@Command(name = "run", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the experiment in SPEC (a JSON file) and write its run folder.")
final class RunCommand implements Callable<Integer> {

    /** How long Ctrl-C waits for the run to stop and its folder to be written. */
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment's spec file (JSON)")
    private Path specFile;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "the run folder to create; it must not exist or be empty")
    private Path out;

    @Option(names = "--images", paramLabel = "PATH",
            description = "the client's images (file or folder), i.e. --set data.source=PATH; any size is resized")
    private Path images;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override one spec value, e.g. --set parameters.lr=0.5 or --set data.index=3 (repeatable)")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", description = "i.e. --set parameters.iterations=N")
    private Integer iterations;

    @Option(names = "--snapshot-every", paramLabel = "N", defaultValue = "10",
            description = "save a snapshot PNG every N iterations, 0 for none (default: ${DEFAULT-VALUE})")
    private int snapshotEvery;

    @Option(names = "--device", paramLabel = "cpu|gpu:N", defaultValue = "cpu",
            description = "where to compute (default: ${DEFAULT-VALUE})")
    private String device;

    @Override
    public Integer call() throws Exception {
        if (snapshotEvery < 0) {
            throw new BadInputException("--snapshot-every " + snapshotEvery + ": expected 0 (none) or more");
        }
        Spec spec = SpecOverrides.apply(Spec.load(specFile), overrides());
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        ResolvedSpec resolved = launcher.resolve(spec);
        String deviceName = ComputeThread.call(() -> DeviceNames.check(device));

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

    /** The --set values in order, then --images and --iterations, which thus win over a --set. */
    private List<String> overrides() {
        List<String> all = new ArrayList<>(assignments);
        if (images != null) {
            // Absolute, so that the spec.json in the run folder still finds the images from elsewhere.
            all.add("data.source=" + images.toAbsolutePath().normalize());
        }
        if (iterations != null) {
            all.add("parameters.iterations=" + iterations);
        }
        return all;
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
