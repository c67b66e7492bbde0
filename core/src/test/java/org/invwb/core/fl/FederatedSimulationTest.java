package org.invwb.core.fl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.fl.FederatedSimulation.Protocol;
import org.invwb.core.fl.FederatedSimulation.RoundResult;
import org.invwb.core.fl.FederatedSimulation.Settings;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.junit.jupiter.api.Test;

class FederatedSimulationTest {

    private static final ImageBatch TRAIN = load("fashion-mnist-train");
    private static final ImageBatch TEST = load("fashion-mnist-test");
    private static final Network MLP = NetworkZoo.create("mlp", 1, 28, 10, 64);

    private static ImageBatch load(String name) {
        try {
            return BundledData.load(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Settings settings(int clients, int rounds, double fraction, Protocol protocol, int localSteps,
                                     double localLr, int localBatchSize, double serverLr, boolean secure) {
        return new Settings(clients, rounds, fraction, protocol, 1, localSteps, localLr, localBatchSize, serverLr,
                secure, 0, 1);
    }

    private static FederatedSimulation simulation(ImageBatch train, int[][] partition, Settings s, long seed) {
        return new FederatedSimulation(MLP, MLP.initialise(seed), train, partition, TEST, s, k -> new NoDefense(), seed);
    }

    /** FedAvg with one client taking one full-batch step is one SGD step: w − η·∇L(w) on all its data. */
    @Test
    void fedAvgWithOneClientAndOneStepIsOneSgdStep() throws Exception {
        ImageBatch data = TRAIN.subset(range(0, 20));
        double lr = 0.3;
        Settings s = settings(1, 1, 1, Protocol.FEDAVG, 1, lr, 0, 1, false);
        FederatedSimulation sim = simulation(data, new int[][] {range(0, 20)}, s, 11);
        StateDict w0 = sim.globalModel();
        ComputeThread.call(sim::nextRound);
        StateDict g = ComputeThread.call(() -> FedSgdClient.computeUpdate(MLP, w0, data).update());
        assertStep(w0, g, lr, sim.globalModel(), 2e-6);
    }

    /**
     * The server weights each client's mean gradient by its example count, so FedSGD over clients holding
     * 3 and 9 examples takes exactly the step of the mean gradient over all 12.
     */
    @Test
    void aggregationWeightsClientsByTheirDataSize() throws Exception {
        ImageBatch data = TRAIN.subset(range(100, 112));
        double serverLr = 0.5;
        Settings s = settings(2, 1, 1, Protocol.FEDSGD, 0, 0, 0, serverLr, false);
        FederatedSimulation sim = simulation(data, new int[][] {range(0, 3), range(3, 12)}, s, 12);
        StateDict w0 = sim.globalModel();
        ComputeThread.call(sim::nextRound);
        StateDict g = ComputeThread.call(() -> FedSgdClient.computeUpdate(MLP, w0, data).update());
        assertStep(w0, g, serverLr, sim.globalModel(), 2e-6);
    }

    /** One full gradient step per round is slow: 25 rounds bring the MLP from chance (0.1) to about 0.38. */
    @Test
    void fedSgdLearnsFashionMnist() throws Exception {
        Settings s = settings(10, 25, 0.5, Protocol.FEDSGD, 0, 0, 0, 0.15, false);
        List<RoundResult> rounds = train(s, 1);
        assertTrue(rounds.get(rounds.size() - 1).testAccuracy() > 0.3, "FedSGD after 25 rounds: " + rounds);
    }

    /** Two local epochs of B = 10 per round: 4 rounds reach about 0.61. */
    @Test
    void fedAvgLearnsFashionMnist() throws Exception {
        Settings s = new Settings(10, 4, 0.5, Protocol.FEDAVG, 2, 0, 0.2, 10, 1, false, 0, 1);
        List<RoundResult> rounds = train(s, 1);
        assertTrue(rounds.get(rounds.size() - 1).testAccuracy() > 0.5, "FedAvg after 4 rounds: " + rounds);
        assertTrue(rounds.get(3).testAccuracy() > rounds.get(0).testAccuracy() + 0.1, "it learns as it goes");
    }

    /** The masks cancel in the sum, so the model is the same; but what the server kept of the victim is noise. */
    @Test
    void secureAggregationKeepsTheModelButHidesTheVictimsUpdate() throws Exception {
        int[][] parts = Partitioning.iid(200, 4, 5);
        ImageBatch data = TRAIN.subset(range(0, 200));
        FederatedSimulation plain = simulation(data, parts, settings(4, 2, 0.5, Protocol.FEDAVG, 3, 0.1, 10, 1, false), 9);
        FederatedSimulation secure = simulation(data, parts, settings(4, 2, 0.5, Protocol.FEDAVG, 3, 0.1, 10, 1, true), 9);
        for (int r = 0; r < 2; r++) {
            ComputeThread.call(plain::nextRound);
            ComputeThread.call(secure::nextRound);
        }
        for (String name : plain.globalModel().tensors().keySet()) {
            float[] a = plain.globalModel().get(name).data();
            float[] b = secure.globalModel().get(name).data();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 1e-5, name);
            }
        }
        StateDict seenPlain = plain.victim().orElseThrow().observation().update();
        StateDict seenSecure = secure.victim().orElseThrow().observation().update();
        assertTrue(secure.victim().orElseThrow().secureAggregation());
        double plainNorm = Math.sqrt(DpSgdDefense.squaredNorm(seenPlain));
        double difference = 0;
        for (String name : seenPlain.tensors().keySet()) {
            for (int i = 0; i < seenPlain.get(name).size(); i++) {
                double d = seenPlain.get(name).data()[i] - seenSecure.get(name).data()[i];
                difference += d * d;
            }
        }
        // a uniform mask over ±2048 dwarfs a weight difference of norm about 1
        assertTrue(Math.sqrt(difference) > 1000 * plainNorm, Math.sqrt(difference) + " vs " + plainNorm);
    }

    /** Rounds keep nothing native: resident memory stays flat once allocators have settled. */
    @Test
    void residentMemoryStaysFlatOverRounds() throws Exception {
        ImageBatch data = TRAIN.subset(range(0, 200));
        Network small = NetworkZoo.create("mlp", 1, 28, 10, 16);
        Settings s = new Settings(4, 60, 1, Protocol.FEDAVG, 1, 2, 0.05, 10, 1, false, 0, 1);
        FederatedSimulation sim = new FederatedSimulation(small, small.initialise(1), data,
                Partitioning.iid(200, 4, 1), TEST.subset(range(0, 100)), s, k -> new NoDefense(), 1);
        long[] rss = ComputeThread.call(() -> {
            long warm = 0;
            for (int r = 1; r <= s.rounds(); r++) {
                sim.nextRound();
                if (r == 20) {
                    warm = ResidentMemory.bytes() / 1024;
                }
            }
            return new long[] {warm, ResidentMemory.bytes() / 1024};
        });
        // each round runs 8 local steps and an evaluation; a direct upload buffer left to the garbage collector
        // per step added about 11 MB over these 40 rounds, a leaked graph would add more
        assertTrue(rss[1] - rss[0] < 4_000, "resident memory grew by " + (rss[1] - rss[0]) + " kB over 40 rounds");
    }

    private static List<RoundResult> train(Settings s, long seed) throws Exception {
        FederatedSimulation sim = simulation(TRAIN, Partitioning.iid(TRAIN.count(), s.clients(), seed), s, seed);
        List<RoundResult> out = new ArrayList<>();
        long start = System.nanoTime();
        for (int r = 0; r < s.rounds(); r++) {
            out.add(ComputeThread.call(sim::nextRound));
        }
        System.out.printf("%s: %.1f s, %s%n", s.protocol(), (System.nanoTime() - start) / 1e9, out);
        return out;
    }

    private static void assertStep(StateDict w0, StateDict g, double lr, StateDict w1, double tolerance) {
        for (String name : g.tensors().keySet()) {
            float[] before = w0.get(name).data();
            float[] grad = g.get(name).data();
            float[] after = w1.get(name).data();
            for (int i = 0; i < before.length; i++) {
                assertEquals(before[i] - lr * grad[i], after[i], tolerance, name + "[" + i + "]");
            }
        }
    }

    private static int[] range(int from, int to) {
        int[] out = new int[to - from];
        for (int i = 0; i < out.length; i++) {
            out[i] = from + i;
        }
        return out;
    }
}
