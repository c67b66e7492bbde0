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

    /** Evaluations per second, and memory after the timed evaluations (see {@link ResidentMemory}). */
    public record Result(double evaluationsPerSecond, long residentBytes, long nativeBytes, long heapBytes) {
    }

    /** Resident and native memory after an early evaluation and after the last one. */
    public record Growth(int earlyAt, long earlyResident, long earlyNative, int evaluations, long endResident,
                         long endNative) {

        /** Resident growth from the early mark to the end, in percent of the early figure. */
        public double residentGrowthPercent() {
            return 100.0 * (endResident - earlyResident) / earlyResident;
        }

        /**
         * Native growth from the early mark to the end, in percent of the early resident figure: the
         * resident growth less the Java heap's pages touched for the first time meanwhile.
         */
        public double nativeGrowthPercent() {
            return 100.0 * (endNative - earlyNative) / earlyResident;
        }
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
        return onDlgObjective(network, batch, evaluation -> time(evaluation, warmUp, evaluations));
    }

    /** Runs {@code loop} with one evaluation of DLG's objective on an observation of {@code batch} at a fixed point. */
    private static <T> T onDlgObjective(Network network, ImageBatch batch, DlgLoop<T> loop) throws Exception {
        Observation observation = FedSgdClient.computeUpdate(network, network.initialise(1), batch);
        try (NDManager root = NDManager.newBaseManager();
             GradientMatching objective = new GradientMatching(observation, null, root)) {
            SplittableRandom random = new SplittableRandom(1);
            double[] vars = new double[objective.size()];
            for (int i = 0; i < vars.length; i++) {
                vars[i] = random.nextDouble();
            }
            double[] gradient = new double[vars.length];
            return loop.run(() -> objective.evaluate(vars, gradient));
        }
    }

    @FunctionalInterface
    private interface DlgLoop<T> {
        T run(Evaluation evaluation) throws Exception;
    }

    /**
     * Runs {@code evaluations} DLG evaluations as {@link #measure} does and reads memory after evaluation
     * {@code earlyAt} and after the last: the target "resident memory stays within 5 % of its value at
     * iteration 1,000" check.
     */
    public static Growth memoryGrowth(Network network, ImageBatch batch, int earlyAt, int evaluations)
            throws Exception {
        if (earlyAt < 1 || earlyAt > evaluations) {
            throw new IllegalArgumentException("early mark " + earlyAt + " is not within 1.." + evaluations);
        }
        return onDlgObjective(network, batch, evaluation -> {
            long earlyResident = 0;
            long earlyNative = 0;
            for (int i = 1; i <= evaluations; i++) {
                evaluation.run();
                if (i == earlyAt) {
                    earlyResident = ResidentMemory.bytes();
                    earlyNative = ResidentMemory.nativeBytes();
                }
            }
            return new Growth(earlyAt, earlyResident, earlyNative, evaluations, ResidentMemory.bytes(),
                    ResidentMemory.nativeBytes());
        });
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
        return new Result(evaluations / seconds, ResidentMemory.bytes(), ResidentMemory.nativeBytes(),
                rt.totalMemory() - rt.freeMemory());
    }
}
