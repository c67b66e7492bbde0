package org.invwb.app.gui;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.prefs.Preferences;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.invwb.app.run.PreparedRun;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.invwb.visualizers.LiveChart;

/**
 * What watching a run costs it: the same dlg spec run headless (as {@code ./invwb run} runs it), headless
 * with a snapshot every iteration, and from the window with the Live panel showing it (which takes a
 * snapshot every iteration). Prints one JSON line per run, then one per mode with the median
 * evaluations per second and the cost relative to headless, both by the clock and per CPU second of the
 * compute thread (which tells the run's own work apart from cores taken by other threads and processes),
 * and the CPU the window's threads and the rest of the process (JIT compiler, GC) used meanwhile. A benchmark, not a test: it needs a
 * display ({@code xvfb-run -a ./invwb bench live-view}) and its figures depend on what else the machine
 * runs, so the modes take turns, trial by trial.
 */
public final class LiveViewBenchmark {

    private static final String SPEC = "{\"method\": \"dlg\", \"seed\": 0, \"data\": {\"source\": \"bundled:photos\","
            + " \"index\": 0, \"batchSize\": %d}, \"model\": {\"architecture\": \"lenet-dlg\", \"numClasses\": 100,"
            + " \"imageSize\": 32, \"channels\": 3}, \"parameters\": {\"iterations\": %d, \"lr\": 1}}";
    private static final String[] MODES = {"headless", "headless-snapshots", "window"};

    private final PrintWriter out;
    private final ObjectMapper json = new ObjectMapper();
    private final Spec spec;
    private final Path runs;
    private final RunLauncher launcher = new RunLauncher(MethodRegistry.standard());
    private MainWindow window;

    private LiveViewBenchmark(PrintWriter out, int iterations, int batch) throws Exception {
        this.out = out;
        this.spec = Spec.parse(String.format(java.util.Locale.ROOT, SPEC, batch, iterations));
        this.runs = Files.createTempDirectory("invwb-live-view-bench");
    }

    /**
     * Runs {@code warmUp} untimed rounds of the headless and window modes, then {@code trials} timed rounds
     * of every mode, on a dlg spec of {@code iterations} iterations on {@code batch} photographs (a batch of
     * several is not recovered, so its run goes on for every iteration).
     */
    public static void run(PrintWriter out, int iterations, int batch, int trials, int warmUp) throws Exception {
        new LiveViewBenchmark(out, iterations, batch).measure(trials, warmUp);
    }

    private void measure(int trials, int warmUp) throws Exception {
        Preferences prefs = Preferences.userRoot().node("/org/invwb/live-view-bench");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.get(60, TimeUnit.SECONDS);
        Platform.setImplicitExit(false);
        try {
            onFx(() -> {
                Settings settings = new Settings(prefs);
                settings.runsDirProperty().set(runs);
                settings.teachingProperty().set(false);
                window = WorkbenchApp.open(new Stage(), settings, null);
                window.stage().setWidth(1280);
                window.stage().setHeight(820);
                window.stage().show();
                return null;
            });
            // Not counted: starts the engine, and lets the JIT compile the run's and the window's code first.
            for (int w = 0; w < warmUp; w++) {
                headless(1, 0);
                inWindow(0);
            }
            Map<String, List<Map<String, Object>>> lines = new LinkedHashMap<>();
            for (int t = 1; t <= trials; t++) {
                for (String mode : MODES) {
                    Map<String, Object> line = switch (mode) {
                        case "headless" -> headless(10, t);
                        case "headless-snapshots" -> headless(1, t);
                        default -> inWindow(t);
                    };
                    line.put("mode", mode);
                    lines.computeIfAbsent(mode, k -> new ArrayList<>()).add(line);
                    print(line);
                }
            }
            // Wall-clock rates depend on what else the machine runs; the modes take turns so that each sees the same.
            double base = median(lines.get("headless"), "evaluationsPerSecond");
            double baseCpu = median(lines.get("headless"), "evaluationsPerComputeCpuSecond");
            for (String mode : MODES) {
                List<Map<String, Object>> runs = lines.get(mode);
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("summary", mode);
                summary.put("trials", trials);
                summary.put("medianEvaluationsPerSecond", round(median(runs, "evaluationsPerSecond")));
                summary.put("costPercent", round(100 * (1 - median(runs, "evaluationsPerSecond") / base)));
                summary.put("medianEvaluationsPerComputeCpuSecond", round(median(runs, "evaluationsPerComputeCpuSecond")));
                summary.put("computeCpuCostPercent", round(100 * (1 - median(runs, "evaluationsPerComputeCpuSecond") / baseCpu)));
                summary.put("medianWindowThreadsCpuPercentOfOneCore", round(100 * median(runs.stream().map(l ->
                        (Double) l.get("windowThreadsCpuSeconds") / (Double) l.get("seconds")).toList())));
                summary.put("medianOtherThreadsCpuPercentOfOneCore", round(100 * median(runs.stream().map(l ->
                        (Double) l.get("otherThreadsCpuSeconds") / (Double) l.get("seconds")).toList())));
                print(summary);
            }
        } finally {
            onFx(() -> {
                if (window != null) {
                    window.stage().close();
                }
                return null;
            });
            prefs.removeNode();
            Platform.exit();
        }
    }

    /** As the command line runs it: the run folder keeps a snapshot every 10 iterations. */
    private Map<String, Object> headless(int snapshotEvery, int trial) throws Exception {
        ResolvedSpec resolved = launcher.resolve(spec);
        Path dir = runs.resolve("headless-" + snapshotEvery + "-" + trial + "-" + System.nanoTime());
        try (PreparedRun run = launcher.prepare(spec, resolved, dir, "cpu", snapshotEvery, 10, m -> m)) {
            if (snapshotEvery == 1) {
                run.job().addSink(new LiveChannel()); // what the window attaches, never drained
            }
            CpuClock cpu = new CpuClock();
            return line(run.runAndWait(), trial, cpu);
        }
    }

    /** Launched from the Attack panel, watched in the Live panel until it ends. */
    private Map<String, Object> inWindow(int trial) throws Exception {
        WorkbenchViewModel vm = window.viewModel();
        LiveChart chart = (LiveChart) window.stage().getScene().lookup("#objective-chart");
        int[] flushesBefore = new int[1];
        CpuClock cpu = new CpuClock();
        RunSession session = onFx(() -> {
            vm.attack().load(spec, "live-view benchmark");
            flushesBefore[0] = chart.getFlushCount();
            return vm.attack().run().orElseThrow(() -> new IllegalStateException(vm.attack().getNotice().text()));
        });
        RunReport report = session.report().get(30, TimeUnit.MINUTES);
        Map<String, Object> line = line(report, trial, cpu);
        int redraws = onFx(() -> chart.getFlushCount() - flushesBefore[0]);
        line.put("chartRedrawsPerSecond", round(redraws / report.seconds()));
        return line;
    }

    private Map<String, Object> line(RunReport report, int trial, CpuClock cpu) {
        if (!RunReport.DONE.equals(report.status())) {
            throw new IllegalStateException("the benchmark run ended " + report.status() + ": " + report.reason());
        }
        double evaluations = ((Number) report.metrics().get("evaluations")).doubleValue();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("mode", null);
        line.put("trial", trial);
        line.put("iterations", report.iterations());
        line.put("evaluations", (long) evaluations);
        line.put("seconds", round(report.seconds()));
        line.put("evaluationsPerSecond", round(evaluations / report.seconds()));
        // CPU time tells the run's own cost apart from time lost to other processes sharing the cores.
        line.put("computeThreadCpuSeconds", round(cpu.computeSeconds()));
        line.put("windowThreadsCpuSeconds", round(cpu.windowSeconds()));
        line.put("otherThreadsCpuSeconds", round(cpu.processSeconds() - cpu.computeSeconds()));
        line.put("evaluationsPerComputeCpuSecond", round(evaluations / cpu.computeSeconds()));
        return line;
    }

    /** CPU time used since it was made: by the compute thread, and by the whole process. */
    private static final class CpuClock {

        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final long computeThread = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && t.getThreadName().equals("invwb-compute")).mapToLong(ThreadInfo::getThreadId)
                .findFirst().orElse(-1);
        private final long computeStart = threads.getThreadCpuTime(computeThread);
        private final long[] windowThreads = Arrays.stream(threads.getThreadInfo(threads.getAllThreadIds()))
                .filter(t -> t != null && (t.getThreadName().startsWith("JavaFX Application")
                        || t.getThreadName().startsWith("QuantumRenderer")))
                .mapToLong(ThreadInfo::getThreadId).toArray();
        private final long windowStart = windowNanos();
        private final long processStart = processNanos();

        double computeSeconds() {
            return (threads.getThreadCpuTime(computeThread) - computeStart) / 1e9;
        }

        /** The window's own threads: events and layout, and drawing. */
        double windowSeconds() {
            return (windowNanos() - windowStart) / 1e9;
        }

        private long windowNanos() {
            return Arrays.stream(windowThreads).map(threads::getThreadCpuTime).filter(t -> t > 0).sum();
        }

        double processSeconds() {
            return (processNanos() - processStart) / 1e9;
        }

        private static long processNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    private void print(Map<String, Object> line) throws Exception {
        out.println(json.writeValueAsString(line));
        out.flush();
    }

    private static double median(List<Map<String, Object>> lines, String key) {
        return median(lines.stream().map(l -> (Double) l.get(key)).toList());
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> work) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result.get(60, TimeUnit.SECONDS);
    }
}
