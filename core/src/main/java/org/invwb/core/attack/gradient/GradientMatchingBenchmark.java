package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.Network;

/**
 * The cost of one gradient-matching evaluation (forward, parameter gradient with its graph, distance,
 * gradient to the dummy images and labels), the inner loop of DLG and iDLG. Compute thread only.
 */
public final class GradientMatchingBenchmark {

    /** Evaluations per second, and memory after the timed evaluations. */
    public record Result(double evaluationsPerSecond, long residentBytes, long heapBytes) {
    }

    private GradientMatchingBenchmark() {
    }

    /**
     * Times {@code evaluations} evaluations after {@code warmUp} untimed ones, on an observation of
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
            for (int i = 0; i < warmUp; i++) {
                objective.evaluate(vars, gradient);
            }
            long start = System.nanoTime();
            for (int i = 0; i < evaluations; i++) {
                objective.evaluate(vars, gradient);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Runtime rt = Runtime.getRuntime();
            return new Result(evaluations / seconds, ResidentMemory.bytes(), rt.totalMemory() - rt.freeMemory());
        }
    }
}
