package org.invwb.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.invwb.core.attack.gradient.GradientMatchingBenchmark;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.run.Job;
import org.invwb.core.run.Spec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code invwb bench [METHOD]}: the cost of one attack evaluation at standard small settings, one JSON
 * line per setting. A benchmark, not a test: figures depend on the machine and on what else runs.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Measure attack throughput and memory; prints one JSON line per setting.")
final class BenchCommand implements Callable<Integer> {

    /** Settings per method: architecture and batch size, on 32×32 colour photographs, 100 classes (DLG's). */
    private static final Map<String, List<Setting>> SETTINGS = Map.of(
            "dlg", List.of(new Setting("lenet-dlg", 1), new Setting("lenet-dlg", 4), new Setting("convnet", 1),
                    new Setting("resnet20", 1)),
            "inverting-gradients", List.of(new Setting("convnet", 1), new Setting("convnet", 8),
                    new Setting("resnet18", 1)));

    /** The loop each method's benchmark times: one objective evaluation (dlg) or one optimiser iteration. */
    private static final Map<String, Measure> MEASURES = Map.of(
            "dlg", GradientMatchingBenchmark::measure,
            "inverting-gradients", GradientMatchingBenchmark::measureInvertingGradients);

    @FunctionalInterface
    private interface Measure {
        GradientMatchingBenchmark.Result of(Network network, ImageBatch batch, int warmUp, int evaluations)
                throws Exception;
    }

    private record Setting(String architecture, int batch) {
    }

    @picocli.CommandLine.Spec
    private CommandSpec command;

    /** The window's benchmark, looked up by name so that no other bench loads a JavaFX class. */
    static final String LIVE_VIEW_BENCHMARK = "org.invwb.app.gui.LiveViewBenchmark";

    /** The evaluation after which {@code bench memory} takes its first reading (iteration 1,000, after allocator and JIT warm-up). */
    static final int MEMORY_EARLY_MARK = 1000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "METHOD", defaultValue = "dlg",
            description = "the method to measure (default: ${DEFAULT-VALUE}; known: dlg, inverting-gradients),"
                    + " live-view: what the window's Live panel costs a dlg run (needs a display, e.g. xvfb-run -a),"
                    + " or memory: resident and native memory of a long dlg run, after evaluation "
                    + MEMORY_EARLY_MARK + " and at the end; edict, gmi, latent-optimization, gifd: a real run of the"
                    + " method on the shipped models, one image, its iterations timed (a run of --evaluations"
                    + " iterations and one of twice as many, so that loading and scoring cancel)")
    private String method;

    @Option(names = "--iterations", paramLabel = "N",
            description = "live-view: iterations of each dlg run (default: 30); memory: dlg evaluations"
                    + " (default: 20000)")
    private Integer iterations;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1",
            description = "live-view: photographs in the dlg run's batch (default: ${DEFAULT-VALUE}; a batch of"
                    + " several is not recovered, so its run goes on for every iteration)")
    private int batch;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "3",
            description = "live-view: runs per mode, taking turns (default: ${DEFAULT-VALUE})")
    private int trials;

    @Option(names = "--evaluations", paramLabel = "N", defaultValue = "500",
            description = "timed evaluations per setting (default: ${DEFAULT-VALUE})")
    private int evaluations;

    @Option(names = "--warm-up", paramLabel = "N",
            description = "untimed evaluations first (default: 50); live-view: untimed runs of every mode first,"
                    + " so that the timed ones see the JIT's compiled drawing code (default: 1)")
    private Integer warmUp;

    @Override
    public Integer call() throws Exception {
        if (method.equals("live-view")) {
            return liveView(iterations == null ? 30 : iterations);
        }
        if (method.equals("memory")) {
            return memory(iterations == null ? 20_000 : iterations);
        }
        List<MethodRunBenchmark.Setting> runs = MethodRunBenchmark.SETTINGS.get(method);
        if (runs != null) {
            return methodRuns(runs);
        }
        List<Setting> settings = SETTINGS.get(method);
        if (settings == null) {
            throw new BadInputException("bench " + method + ": no benchmark for this method; known: "
                    + String.join(", ", SETTINGS.keySet()) + ", " + String.join(", ", new java.util.TreeSet<>(
                    MethodRunBenchmark.SETTINGS.keySet())) + ", live-view, memory");
        }
        int warmUp = this.warmUp == null ? 50 : this.warmUp;
        if (evaluations < 1 || warmUp < 0) {
            throw new BadInputException("--evaluations must be at least 1 and --warm-up at least 0");
        }
        PrintWriter out = command.commandLine().getOut();
        ObjectMapper json = new ObjectMapper();
        for (Setting s : settings) {
            ImageBatch labelled = photos(s.batch());
            Network network = NetworkZoo.create(s.architecture(), 3, 32, 100, 0);
            Measure measure = MEASURES.get(method);
            GradientMatchingBenchmark.Result r = ComputeThread.call(
                    () -> measure.of(network, labelled, warmUp, evaluations));
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("method", method);
            line.put("model", s.architecture());
            line.put("batch", s.batch());
            line.put("evaluationsPerSecond", Math.round(r.evaluationsPerSecond() * 1000) / 1000.0);
            // Resident memory covers libtorch's native memory and the JVM's together; the heap in use is apart.
            line.put("residentBytes", r.residentBytes());
            line.put("nativeMemoryBytes", r.nativeBytes());
            line.put("heapBytes", r.heapBytes());
            line.put("threads", ComputeThread.call(ComputeEngine::threads));
            out.println(json.writeValueAsString(line));
            out.flush();
        }
        return ExitCode.DONE;
    }

    /** A real method run per setting ({@link MethodRunBenchmark}), its iterations timed. */
    private int methodRuns(List<MethodRunBenchmark.Setting> settings) throws Exception {
        int warmUp = this.warmUp == null ? 50 : this.warmUp;
        if (evaluations < 1 || warmUp < 0) {
            throw new BadInputException("--evaluations must be at least 1 and --warm-up at least 0");
        }
        MethodRegistry registry = MethodRegistry.standard();
        PrintWriter out = command.commandLine().getOut();
        for (MethodRunBenchmark.Setting s : settings) {
            MethodRunBenchmark.Rate rate = MethodRunBenchmark.measure(registry, method, s, warmUp, evaluations);
            Runtime rt = Runtime.getRuntime();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("method", method);
            line.put("model", s.model());
            line.put("batch", 1);
            line.put("evaluationsPerSecond", Math.round(rate.iterationsPerSecond() * 1000) / 1000.0);
            line.put("residentBytes", ResidentMemory.bytes());
            line.put("nativeMemoryBytes", ResidentMemory.nativeBytes());
            line.put("heapBytes", rt.totalMemory() - rt.freeMemory());
            line.put("threads", ComputeThread.call(ComputeEngine::threads));
            out.println(new ObjectMapper().writeValueAsString(line));
            out.flush();
        }
        return ExitCode.DONE;
    }

    /** The first {@code batch} bundled photographs at 32×32, labelled for DLG's 100 classes. */
    private static ImageBatch photos(int batch) throws Exception {
        ImageBatch photos = ImageSources.load("bundled:photos", 3, 32, 32);
        int[] indices = new int[batch];
        int[] labels = new int[batch];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = i;
            labels[i] = 7 * i % 100;
        }
        ImageBatch picked = photos.subset(indices);
        return new ImageBatch(picked.pixels(), picked.count(), 3, 32, 32, labels, 100, null);
    }

    /** One JSON line: memory after evaluation {@value #MEMORY_EARLY_MARK} and after the last, and the growth. */
    private int memory(int evaluations) throws Exception {
        if (evaluations < MEMORY_EARLY_MARK) {
            throw new BadInputException("--iterations must be at least " + MEMORY_EARLY_MARK
                    + " for bench memory (its first reading is after evaluation " + MEMORY_EARLY_MARK + ")");
        }
        ImageBatch labelled = photos(1);
        Network network = NetworkZoo.create("lenet-dlg", 3, 32, 100, 0);
        GradientMatchingBenchmark.Growth g = ComputeThread.call(() -> GradientMatchingBenchmark.memoryGrowth(
                network, labelled, MEMORY_EARLY_MARK, evaluations));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("method", "dlg");
        line.put("model", "lenet-dlg");
        line.put("batch", 1);
        line.put("evaluations", evaluations);
        line.put("earlyAt", g.earlyAt());
        line.put("residentBytesEarly", g.earlyResident());
        line.put("nativeMemoryBytesEarly", g.earlyNative());
        line.put("residentBytes", g.endResident());
        line.put("nativeMemoryBytes", g.endNative());
        line.put("residentGrowthPercent", Math.round(g.residentGrowthPercent() * 100) / 100.0);
        line.put("nativeGrowthBytes", g.endNative() - g.earlyNative());
        line.put("nativeGrowthPercent", Math.round(g.nativeGrowthPercent() * 100) / 100.0);
        PrintWriter out = command.commandLine().getOut();
        out.println(new ObjectMapper().writeValueAsString(line));
        out.flush();
        return ExitCode.DONE;
    }

    private int liveView(int iterations) throws Exception {
        int warmUpRuns = warmUp == null ? 1 : warmUp;
        if (iterations < 1 || trials < 1 || warmUpRuns < 0 || batch < 1 || batch > 12) {
            throw new BadInputException("--iterations and --trials must be at least 1, --warm-up at least 0,"
                    + " --batch from 1 to 12 (the bundled photographs)");
        }
        String noDisplay = "bench live-view opens the window, which needs a display; without one, run it as"
                + " xvfb-run -a ./invwb bench live-view";
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new BadInputException(noDisplay);
        }
        try {
            Class.forName(LIVE_VIEW_BENCHMARK).getMethod("run", PrintWriter.class, int.class, int.class, int.class, int.class)
                    .invoke(null, command.commandLine().getOut(), iterations, batch, trials, warmUpRuns);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof UnsupportedOperationException) { // JavaFX: "Unable to open DISPLAY"
                throw new BadInputException(noDisplay + " (" + e.getCause().getMessage() + ")");
            }
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        }
        return ExitCode.DONE;
    }
}
