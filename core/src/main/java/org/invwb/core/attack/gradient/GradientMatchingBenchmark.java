package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.Network;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The cost of the gradient-matching inner loops, compute thread only: one DLG/iDLG evaluation
 * (forward, parameter gradient with its graph, distance, gradient to the dummy images and labels),
 * or one Inverting Gradients iteration (the same with the cosine distance and TV, then the signed
 * Adam step and the clamp, the objective's terms read back to the host).
 */
public final class GradientMatchingBenchmark {

    /** Evaluations per second, and memory after the timed evaluations. */
    public record Result(double evaluationsPerSecond, long residentBytes, long heapBytes) {
    }

    /** One evaluation of the loop being timed. */
    @FunctionalInterface
    private interface Evaluation {
        void run() throws Exception;
    }

    private GradientMatchingBenchmark() {
    }

    /**
     * Times {@code evaluations} DLG evaluations after {@code warmUp} untimed ones, on an observation of
     * {@code network} computed from {@code batch} (labelled, shaped like the network's input).
     */
    public static Result measure(Network network, ImageBatch batch, int warmUp, int evaluations) throws Exception {
        Observation observation = FedSgdClient.computeUpdate(network, network.initialise(1), batch);
        try (NDManager root = NDManager.newBaseManager();
             GradientMatching objective = new GradientMatching(observation, null, root)) {
            SplittableRandom random = new SplittableRandom(1);
            double[] vars = new double[objective.size()];
            for (int i = 0; i < vars.length; i++) {
                vars[i] = random.nextDouble();
            }
            double[] gradient = new double[vars.length];
            return time(() -> objective.evaluate(vars, gradient), warmUp, evaluations);
        }
    }

    /** The same for Inverting Gradients iterations at its defaults (labels given, one restart). */
    public static Result measureInvertingGradients(Network network, ImageBatch batch, int warmUp, int evaluations)
            throws Exception {
        Observation observation = FedSgdClient.computeUpdate(network, network.initialise(1), batch);
        ParamValues p = invertingGradientsDefaults(warmUp + evaluations);
        InvertingGradients attack = new InvertingGradients();
        try (NDManager root = NDManager.newBaseManager();
             AdamGradientAttack.Inversion inversion = attack.new Inversion(observation, batch.labels(), p, root)) {
            AdamGradientAttack.Trial trial = inversion.trial(DummyStart.gaussian(inversion.startSize(), 1), 0,
                    new SplittableRandom(1));
            int[] iteration = {0};
            Result r = time(() -> trial.step(iteration[0]++), warmUp, evaluations);
            trial.close();
            return r;
        }
    }

    private static ParamValues invertingGradientsDefaults(int iterations) {
        try {
            return InvertingGradients.PARAMETERS.defaults().with("iterations", iterations);
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static Result time(Evaluation evaluation, int warmUp, int evaluations) throws Exception {
        for (int i = 0; i < warmUp; i++) {
            evaluation.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < evaluations; i++) {
            evaluation.run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Runtime rt = Runtime.getRuntime();
        return new Result(evaluations / seconds, ResidentMemory.bytes(), rt.totalMemory() - rt.freeMemory());
    }
}
