package org.invwb.app.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;

/**
 * Benchmarks that time a real method run from a spec: the cost of one of its iterations at a standard
 * small setting. A run's report also counts what does not repeat per iteration (loading the models and
 * data, scoring at the end), so each setting runs twice, short and long, and the rate is the extra
 * iterations over the extra seconds; a first short run warms up and is not timed.
 */
final class MethodRunBenchmark {

    /** One setting: the model named in the output, and the spec with {@code %d} for its length. */
    record Setting(String model, String specTemplate) {

        Spec spec(int length) throws Exception {
            return Spec.parse(String.format(Locale.ROOT, specTemplate, length));
        }
    }

    /** The iteration rate of a setting, and the long run it comes from. */
    record Rate(double iterationsPerSecond, RunReport longRun) {
    }

    private static final String EDICT = "{\"method\": \"edict\", \"data\": {\"source\": \"bundled:mnist-test\","
            + " \"count\": 1}, \"model\": {\"weights\": \"bundled:unet-mnist\"}, \"parameters\": {\"steps\": %%d,"
            + " \"guidance\": 3, \"precision\": \"%s\"}}";

    /**
     * Per method, its settings. edict: one step is one inversion or regeneration step (two guided noise
     * predictions, four UNet passes) on one digit; gmi: one latent step for one private digit (target
     * ConvNet, critic and generator, one restart); latent-optimization: one Adam step on z for one digit
     * (generator and the perceptual MLP); gifd: one latent step of the gradient matching through the
     * generator and the client's LeNet.
     */
    static final Map<String, List<Setting>> SETTINGS = Map.of(
            "edict", List.of(
                    new Setting("unet-mnist (float32)", String.format(Locale.ROOT, EDICT, "float32")),
                    new Setting("unet-mnist (float64)", String.format(Locale.ROOT, EDICT, "float64"))),
            "gmi", List.of(new Setting("dcgan-mnist-public + convnet-mnist-private",
                    "{\"method\": \"gmi\", \"parameters\": {\"targetClasses\": \"7\", \"imagesPerClass\": 1,"
                            + " \"restarts\": 1, \"iterations\": %d}}")),
            "latent-optimization", List.of(new Setting("dcgan-mnist-public + mlp-mnist",
                    "{\"method\": \"latent-optimization\", \"data\": {\"count\": 1}, \"parameters\": {\"restarts\": 1,"
                            + " \"iterations\": %d}}")),
            "gifd", List.of(new Setting("dcgan-mnist-public + lenet-dlg-mnist",
                    "{\"method\": \"gifd\", \"data\": {\"source\": \"bundled:mnist-test\", \"batchSize\": 1},"
                            + " \"model\": {\"architecture\": \"lenet-dlg\", \"numClasses\": 10, \"imageSize\": 28,"
                            + " \"channels\": 1, \"weights\": \"bundled:lenet-dlg-mnist\"}, \"parameters\":"
                            + " {\"restarts\": 1, \"stages\": 0, \"iterations\": %d}}")));

    private MethodRunBenchmark() {
    }

    /** Times {@code setting} of {@code method}: a warm-up of {@code warmUp}, then {@code length} and twice that. */
    static Rate measure(MethodRegistry registry, String method, Setting setting, int warmUp, int length)
            throws Exception {
        run(registry, method, setting, Math.max(1, warmUp));
        RunReport shortRun = run(registry, method, setting, length);
        RunReport longRun = run(registry, method, setting, 2 * length);
        double extraIterations = longRun.iterations() - shortRun.iterations();
        double extraSeconds = longRun.seconds() - shortRun.seconds();
        // on a busy machine the long run can come out no slower than the short one; then only it is timed
        double rate = extraSeconds > 0 ? extraIterations / extraSeconds : longRun.iterations() / longRun.seconds();
        return new Rate(rate, longRun);
    }

    private static RunReport run(MethodRegistry registry, String method, Setting setting, int length)
            throws Exception {
        var spec = registry.resolve(setting.spec(length));
        RunReport report = ComputeThread.call(new Job(registry.find(method).orElseThrow(), spec, 0, "cpu")::execute);
        if (!RunReport.DONE.equals(report.status())) {
            throw new IllegalStateException("the " + method + " benchmark run ended " + report.status() + ": "
                    + report.reason());
        }
        return report;
    }
}
