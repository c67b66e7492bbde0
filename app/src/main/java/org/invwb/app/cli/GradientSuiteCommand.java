package org.invwb.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.app.run.SampleProjects;
import org.invwb.app.run.SpecFiles;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code invwb study gradient-suite --out DIR}: every gradient inversion method against every defense of
 * {@link GradientSuite} at each batch size, each run a normal run folder under DIR, then DIR/results.md and
 * DIR/results.csv (rewritten after every cell, so a stopped study keeps what it had).
 */
@Command(name = "gradient-suite", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run each gradient inversion method (from its sample spec and the study's own settings:"
                + " inverting-gradients in eval mode, see-through-gradients on the trained MNIST ConvNet) against no"
                + " defense, DP-SGD"
                + " (σ 1e-3, 1e-2, 1e-1), pruning 90 %%, dropout 0.25 and FedAvg with 4 local steps, at each batch"
                + " size, and write results.md and results.csv: mean PSNR, SSIM, label accuracy and time per cell.",
            "Defaults are small enough for a 2-core CPU. Paper-size runs go method by method, e.g. --methods"
                + " inverting-gradients --iterations 4000 --set model.width=64 --images 8 --device gpu:0."})
final class GradientSuiteCommand implements Callable<Integer> {

    static final String TITLE = "Gradient inversion suite";
    private static final Duration CANCEL_GRACE = Duration.ofSeconds(10);
    static final String MARKDOWN = "results.md";
    static final String CSV = "results.csv";

    @picocli.CommandLine.Spec
    private CommandSpec command;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "folder for the run folders and the tables; it must not exist or be empty")
    private Path out;

    @Option(names = "--methods", split = ",", paramLabel = "M,M",
            description = "methods to run (default: all: ${DEFAULT-VALUE})")
    private List<String> methods = new ArrayList<>(GradientSuite.METHODS.keySet());

    @Option(names = "--defenses", split = ",", paramLabel = "D,D",
            description = "defenses to run (default: all: ${DEFAULT-VALUE})")
    private List<String> defenses = new ArrayList<>(GradientSuite.DEFENSES.stream()
            .map(GradientSuite.Defense::id).toList());

    @Option(names = "--batches", split = ",", paramLabel = "B,B",
            description = "client batch sizes (default: ${DEFAULT-VALUE})")
    private List<Integer> batches = new ArrayList<>(GradientSuite.BATCHES);

    @Option(names = "--images", paramLabel = "N",
            description = "client images averaged per cell: runs of one batch on consecutive images until there"
                    + " are at least N (default: ${DEFAULT-VALUE})")
    private int images = GradientSuite.IMAGES;

    @Option(names = "--iterations", paramLabel = "N",
            description = "iterations of every method that has them (default: each method's own, small: "
                    + "dlg 40, idlg 40, inverting-gradients 200, see-through-gradients 200, dropout-inversion 200)")
    private Integer iterations;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override one value in every method's spec that declares it, e.g. --set model.width=64"
                    + " (repeatable); the defense, batch, data index and iterations are the study's own")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--specs", paramLabel = "DIR",
            description = "folder of the base specs, METHOD.json each (default: sample-projects/gradient)")
    private Path specs;

    @Option(names = "--merge", paramLabel = "FILE.md",
            description = "an earlier study's results (FILE.md beside FILE.csv): the tables written keep its rows"
                    + " and settings of the methods not run here, and say which rows this command replaced")
    private Path merge;

    @Option(names = "--device", paramLabel = "cpu|gpu:N", defaultValue = "cpu",
            description = "where to compute (default: ${DEFAULT-VALUE})")
    private String device;

    /** One run of the grid, checked before anything runs. */
    private record Planned(GradientSuite.Cell cell, int index, Spec spec, ResolvedSpec resolved) {
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
        Map<String, Spec> bases = baseSpecs(launcher.registry());
        List<GradientSuite.Defense> chosen = new ArrayList<>();
        for (String id : defenses) {
            chosen.add(GradientSuite.defense(id));
        }
        List<GradientSuite.Cell> cells = GradientSuite.cells(methods, chosen, batches);
        Map<GradientSuite.Cell, List<Planned>> plan = new LinkedHashMap<>();
        for (GradientSuite.Cell cell : cells) {
            List<Planned> runs = new ArrayList<>();
            for (int index : GradientSuite.runIndices(cell.batch(), images)) {
                Spec spec = SpecOverrides.apply(bases.get(cell.method()),
                        GradientSuite.overrides(cell, index, iterationsOf(launcher.registry(), cell.method())));
                runs.add(new Planned(cell, index, spec, launcher.resolve(spec)));
            }
            plan.put(cell, runs);
        }
        OutputFolder.requireEmpty(out, "study");
        String deviceName = ComputeThread.call(() -> DeviceNames.check(device));
        return execute(launcher, plan, deviceName);
    }

    private int execute(RunLauncher launcher, Map<GradientSuite.Cell, List<Planned>> plan, String deviceName)
            throws Exception {
        PrintWriter stdout = command.commandLine().getOut();
        long start = System.nanoTime();
        Map<GradientSuite.Cell, List<RunReport>> reports = new LinkedHashMap<>();
        plan.keySet().forEach(cell -> reports.put(cell, new ArrayList<>()));
        boolean anyFailed = false;
        for (Map.Entry<GradientSuite.Cell, List<Planned>> entry : plan.entrySet()) {
            for (Planned p : entry.getValue()) {
                RunReport report = runOne(launcher, p, deviceName);
                reports.get(entry.getKey()).add(report);
                stdout.println(progressLine(p, report));
                stdout.flush();
                if (RunReport.CANCELLED.equals(report.status())) {
                    writeTables(plan, reports, start);
                    return ExitCode.CANCELLED;
                }
                if (SuiteTable.refused(report)) {
                    break; // the other runs of the cell differ only in their images: refused alike
                }
                anyFailed |= RunReport.FAILED.equals(report.status());
            }
            writeTables(plan, reports, start);
        }
        stdout.println("results       " + out.resolve(MARKDOWN).toAbsolutePath().normalize());
        stdout.println("              " + out.resolve(CSV).toAbsolutePath().normalize());
        stdout.flush();
        return anyFailed ? ExitCode.FAILED : ExitCode.DONE;
    }

    private RunReport runOne(RunLauncher launcher, Planned p, String deviceName) throws Exception {
        Path runDir = out.resolve(GradientSuite.folder(p.cell(), p.index()));
        try (PreparedRun run = launcher.prepare(p.spec(), p.resolved(), runDir, deviceName, 0, 0,
                     UnaryOperator.identity());
             CancelOnShutdown cancel = new CancelOnShutdown(run.job().control(), CANCEL_GRACE,
                     command.commandLine().getErr())) {
            return run.runAndWait();
        }
    }

    private void checkOptions() throws BadInputException {
        if (merge != null) {
            for (Path file : List.of(merge, SuiteMerge.csvBeside(merge))) {
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException("--merge " + merge + ": " + file + " is not a file");
                }
            }
        }
        if (images < 1) {
            throw new BadInputException("--images " + images + ": expected 1 or more");
        }
        if (iterations != null && iterations < 1) {
            throw new BadInputException("--iterations " + iterations + ": expected 1 or more");
        }
        for (int b : batches) {
            if (b < 1) {
                throw new BadInputException("--batches " + b + ": expected 1 or more");
            }
        }
        for (String m : methods) {
            if (!GradientSuite.METHODS.containsKey(m)) {
                throw new BadInputException("--methods " + m + ": not in the suite; one of "
                        + String.join(", ", GradientSuite.METHODS.keySet()));
            }
        }
        for (String a : assignments) {
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (GradientSuite.GRID_FIELDS.contains(name)) {
                throw new BadInputException("--set " + a + ": the study sets " + name + " itself"
                        + " (use --defenses, --batches, --images or --iterations)");
            }
        }
    }

    /** Each method's sample spec with the --set values it declares; a --set no method declares is refused. */
    private Map<String, Spec> baseSpecs(MethodRegistry registry) throws Exception {
        Path folder = specs != null ? specs : samplesFolder();
        Map<String, Spec> bases = new LinkedHashMap<>();
        List<String> unused = new ArrayList<>(assignments);
        for (String method : methods) {
            Path file = folder.resolve(method + ".json");
            if (!Files.isRegularFile(file)) {
                throw new BadInputException(file + ": no base spec for " + method);
            }
            Spec spec = SpecFiles.load(file);
            if (!method.equals(spec.method())) {
                throw new BadInputException(file + ": method is " + spec.method() + ", expected " + method);
            }
            MethodDescriptor descriptor = registry.find(method).orElseThrow();
            List<String> own = assignments.stream().filter(a -> declares(descriptor, a)).toList();
            unused.removeAll(own);
            Spec studied = SpecOverrides.apply(spec, GradientSuite.SETTINGS.getOrDefault(method, List.of()));
            bases.put(method, SpecOverrides.apply(studied, own));
        }
        if (!unused.isEmpty()) {
            throw new BadInputException("--set " + unused.get(0) + ": no chosen method declares this field"
                    + " (see invwb describe METHOD)");
        }
        return bases;
    }

    private static Path samplesFolder() throws BadInputException {
        Path samples = SampleProjects.find();
        if (samples == null) {
            throw new BadInputException("--specs: no sample-projects folder found here or beside the program;"
                    + " name the folder of base specs");
        }
        return samples.resolve("gradient");
    }

    /** Whether {@code assignment} (NAME=VALUE) names a field of the method; a header field (seed) is everyone's. */
    private static boolean declares(MethodDescriptor method, String assignment) {
        String name = assignment.contains("=") ? assignment.substring(0, assignment.indexOf('=')) : assignment;
        int dot = name.indexOf('.');
        if (dot < 0) {
            return true;
        }
        ParamSet section = method.sections().get(name.substring(0, dot));
        return section != null && section.find(name.substring(dot + 1)) != null;
    }

    /** --iterations, else the suite's own for the method; null for a method without iterations. */
    private Integer iterationsOf(MethodRegistry registry, String method) {
        ParamSet parameters = registry.find(method).orElseThrow().sections().get("parameters");
        if (parameters == null || parameters.find("iterations") == null) {
            return null;
        }
        return iterations != null ? iterations : GradientSuite.METHODS.get(method);
    }

    private void writeTables(Map<GradientSuite.Cell, List<Planned>> plan,
                             Map<GradientSuite.Cell, List<RunReport>> reports, long start) throws IOException {
        List<SuiteTable.CellResult> results = new ArrayList<>();
        plan.forEach((cell, runs) -> {
            ResolvedSpec first = runs.get(0).resolved();
            Integer its = first.section("parameters").params().find("iterations") == null ? null
                    : first.section("parameters").getInt("iterations");
            results.add(new SuiteTable.CellResult(cell, data(first), model(first), its, reports.get(cell)));
        });
        List<String> header = header((System.nanoTime() - start) / 1e9, RunReport.currentVersions());
        String markdown = SuiteTable.markdown(TITLE, header, results);
        String csv = SuiteTable.csv(results);
        if (merge != null) {
            markdown = SuiteMerge.markdown(Files.readString(merge), markdown, methods);
            csv = SuiteMerge.csv(Files.readString(SuiteMerge.csvBeside(merge)), csv);
        }
        OutputFolder.write(out, MARKDOWN, markdown);
        OutputFolder.write(out, CSV, csv);
    }

    private List<String> header(double seconds, Map<String, String> versions) {
        List<String> args = command.commandLine().getParseResult().originalArgs();
        List<String> lines = new ArrayList<>();
        lines.add("Written by `invwb " + String.join(" ", args) + "` on "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ", after "
                + String.format(Locale.ROOT, "%.1f", seconds / 60) + " minutes on " + device + " ("
                + Runtime.getRuntime().availableProcessors() + " cores; "
                + String.join(", ", versions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList())
                + ").");
        lines.add("");
        lines.add("Each method starts from its spec in " + (specs == null ? "sample-projects/gradient" : specs)
                + " (its seed, data and model; images from data.index 0 on)"
                + (assignments.isEmpty() ? "" : " with --set " + String.join(", ", assignments))
                + "; each cell sets the defense, the batch size and the iterations, and runs one batch after"
                + " another on consecutive images until at least " + images + " are attacked. Figures are means"
                + " over the runs that finished (PSNR, SSIM after matching reconstructions to images); s per run"
                + " is one run's wall time; a refused cell gives the method's own reason.");
        List<String> settings = methods.stream().filter(GradientSuite.SETTINGS::containsKey)
                .map(m -> "`" + m + "`: `" + String.join(" ", GradientSuite.SETTINGS.get(m)) + "`").toList();
        if (!settings.isEmpty()) {
            lines.add("");
            lines.add("The study's own settings beyond the sample specs, applied before --set: "
                    + String.join("; ", settings) + ".");
        }
        lines.add("");
        lines.add("Defenses (spec overrides):");
        lines.add("");
        for (GradientSuite.Defense d : GradientSuite.DEFENSES) {
            if (defenses.contains(d.id())) {
                lines.add("- " + d.label() + ": `" + String.join(" ", d.overrides()) + "`");
            }
        }
        return lines;
    }

    private static String data(ResolvedSpec spec) {
        return spec.section("data").getString("source");
    }

    /**
     * e.g. "convnet, width 8, 3×32×32, 10 classes", then "trained: bundled:convnet-mnist" for given weights and
     * "eval mode" for a client that computes its update in evaluation mode.
     */
    static String model(ResolvedSpec spec) {
        ParamValues m = spec.section("model");
        int width = m.getInt("width");
        String weights = m.getString("weights");
        ParamValues client = spec.sections().containsKey("client") ? spec.section("client") : null;
        boolean eval = client != null && client.params().find("mode") != null
                && ClientScenario.EVAL_MODE.equals(client.getString("mode"));
        return m.getString("architecture") + (width > 0 ? ", width " + width : "") + ", " + m.getInt("channels")
                + "×" + m.getInt("imageSize") + "×" + m.getInt("imageSize") + ", " + m.getInt("numClasses")
                + " classes" + (weights.isBlank() ? ", untrained" : ", trained: " + weights)
                + (eval ? ", eval mode" : "");
    }

    private static String progressLine(Planned p, RunReport report) {
        Object psnr = report.metrics().get("psnr");
        return String.format(Locale.ROOT, "%-22s %-15s batch %-3d index %-3d %-9s %8s %7.1f s%s",
                p.cell().method(), p.cell().defense().label(), p.cell().batch(), p.index(), report.status(),
                psnr instanceof Number n ? String.format(Locale.ROOT, "%.2f dB", n.doubleValue()) : "",
                report.seconds(), report.reason() == null ? "" : "  " + SuiteTable.shortReason(report.reason()));
    }
}
