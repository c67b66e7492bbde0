package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code invwb sweep SPEC --out DIR --vary NAME=VALUES...}: one run per combination of the varied
 * values, each in its own run folder under DIR, then a table (also written as DIR/summary.csv) and the
 * success rate. Every combination is checked before the first run starts.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run SPEC once per combination of --vary values and tabulate the results.")
final class SweepCommand implements Callable<Integer> {

    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);
    /** The PSNR above which a reconstruction counts as a success in the summary (DLG and iDLG papers' bar). */
    private static final double SUCCESS_PSNR = 30;

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Mixin
    private SpecInput input;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "folder for the sweep's run folders; it must not exist or be empty")
    private Path out;

    @Option(names = "--vary", required = true, paramLabel = "NAME=VALUES",
            description = "a spec field and its values, as FROM..TO (whole numbers) or A,B,C; repeatable,"
                    + " all combinations run (e.g. --vary data.index=0..11 --vary seed=1,2)")
    private List<String> vary = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Spec base = input.load();
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        List<Map<String, String>> combinations = SweepAxes.combinations(vary);
        List<Spec> specs = new ArrayList<>();
        List<ResolvedSpec> resolved = new ArrayList<>();
        for (Map<String, String> combination : combinations) {
            Spec spec = SpecOverrides.apply(base, assignmentsOf(combination));
            specs.add(spec);
            resolved.add(launcher.resolve(spec));
        }
        OutputFolder.requireEmpty(out, "sweep");
        String deviceName = ComputeThread.call(input::device);
        PrintWriter stdout = command.commandLine().getOut();
        SweepTable table = new SweepTable(new ArrayList<>(combinations.get(0).keySet()));
        stdout.println(table.header());
        boolean anyFailed = false;
        for (int i = 0; i < combinations.size(); i++) {
            Path runDir = out.resolve(SweepAxes.folderName(combinations.get(i)));
            try (PreparedRun run = launcher.prepare(specs.get(i), resolved.get(i), runDir, deviceName, 0, 0,
                         UnaryOperator.identity());
                 CancelOnShutdown cancel = new CancelOnShutdown(run.job().control(), CANCEL_GRACE,
                         command.commandLine().getErr())) {
                RunReport report = run.runAndWait();
                stdout.println(table.add(combinations.get(i), report));
                stdout.flush();
                if (RunReport.CANCELLED.equals(report.status())) {
                    writeSummary(table);
                    return ExitCode.CANCELLED;
                }
                anyFailed |= RunReport.FAILED.equals(report.status());
            }
        }
        writeSummary(table);
        stdout.print(table.summary(SUCCESS_PSNR));
        stdout.println("summary       " + out.resolve("summary.csv").toAbsolutePath().normalize());
        stdout.flush();
        return anyFailed ? ExitCode.FAILED : ExitCode.DONE;
    }

    private static List<String> assignmentsOf(Map<String, String> combination) {
        List<String> list = new ArrayList<>();
        combination.forEach((name, value) -> list.add(name + "=" + value));
        return list;
    }

    private void writeSummary(SweepTable table) throws IOException {
        OutputFolder.write(out, "summary.csv", table.csv());
    }
}
