package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import org.invwb.core.attack.ObjectiveTerms;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.fl.FedAvgClient;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.nn.ConvNet;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.run.ParamValues;
import org.junit.jupiter.api.Test;

/** The Adam loop's parts, checked on Inverting Gradients with a small ConvNet. */
class AdamGradientAttackTest {

    private static final int[] LABELS = {3, 17};

    static ImageBatch photos(int... labels) throws Exception {
        int[] indices = new int[labels.length];
        Arrays.setAll(indices, i -> i);
        ImageBatch b = ImageSources.load("bundled:photos", 3, 32, 32).subset(indices);
        return new ImageBatch(b.pixels(), b.count(), 3, 32, 32, labels, 100, null);
    }

    static Network convNet() {
        return NetworkZoo.create(ConvNet.NAME, 3, 32, 100, 4);
    }

    private static ParamValues parameters(String... settings) throws Exception {
        ParamValues p = InvertingGradients.PARAMETERS.defaults();
        for (int i = 0; i < settings.length; i += 2) {
            String v = settings[i + 1];
            Object value = v.equals("true") || v.equals("false") ? (Object) Boolean.valueOf(v)
                    : v.matches("-?\\d+") ? (Object) Integer.valueOf(v)
                    : v.matches("[-0-9.eE]+") ? (Object) Double.valueOf(v) : v;
            p = p.with(settings[i], value);
        }
        return p;
    }

    /**
     * At the client's own images the dummy update is the observed one, for FedSGD and for FedAvg
     * (two local steps on mini-batches of one image, unrolled): the cosine distance vanishes, while a
     * shifted image is far. This checks the unrolled steps against {@link FedAvgClient}.
     */
    @Test
    void cosineDistanceVanishesAtTheTruthForFedSgdAndFedAvg() throws Exception {
        ImageBatch batch = photos(LABELS);
        Network net = convNet();
        double[][] result = ComputeThread.call(() -> {
            Observation sgd = FedSgdClient.computeUpdate(net, net.initialise(3), batch);
            Observation avg = FedAvgClient.computeUpdate(net, net.initialise(3), batch, 2, 0.1, 1);
            return new double[][] {distances(sgd, batch), distances(avg, batch)};
        });
        for (double[] r : result) {
            assertTrue(Math.abs(r[0]) < 1e-5, "distance at the truth " + r[0]);
            assertTrue(r[1] > 1e-3, "distance at a shifted image " + r[1]);
        }
    }

    private static double[] distances(Observation o, ImageBatch batch) throws Exception {
        InvertingGradients attack = new InvertingGradients();
        try (NDManager root = NDManager.newBaseManager();
             AdamGradientAttack.Inversion inv = attack.new Inversion(o, batch.labels(), parameters(), root)) {
            NDArray truth = root.create(batch.pixels(), new Shape(batch.count(), 3, 32, 32));
            double at = inv.evaluate(List.of(truth), false).scalars().get(ObjectiveTerms.DISTANCE);
            double away = inv.evaluate(List.of(truth.mul(0.8f).add(0.1f)), false).scalars()
                    .get(ObjectiveTerms.DISTANCE);
            return new double[] {at, away};
        }
    }

    /** The schedule of the reference code: ⌊N/2.667⌋, ⌊N/1.6⌋, ⌊N/1.142⌋, i.e. 3/8, 5/8 and 7/8 of the run. */
    @Test
    void learningRateDropsTenfoldAtThreeFiveAndSevenEighths() {
        LearningRateSchedule.MultiStep s = LearningRateSchedule.MultiStep.invertingGradients(4000);
        assertArrayEquals(new int[] {1499, 2500, 3502}, s.milestones());
        double[][] expected = {{0, 1}, {1498, 1}, {1499, 0.1}, {2499, 0.1}, {2500, 0.01}, {3501, 0.01},
                {3502, 0.001}, {3999, 0.001}};
        for (double[] e : expected) {
            assertEquals(e[1], s.factor((int) e[0]), 1e-12, "iteration " + (int) e[0]);
        }
        for (int k = 0; k < 3; k++) {
            assertEquals((2 * k + 3) / 8.0, s.milestones()[k] / 4000.0, 1e-3);
        }
    }

    /**
     * With boxed on, every iterate lies in [0, 1] although the start is standard normal noise; with it
     * off the iterates leave the box. The lowest objective of all iterates is the one kept, and the kept
     * images evaluate to it again.
     */
    @Test
    void clampHoldsAndTheBestIterateIsKept() throws Exception {
        ImageBatch batch = photos(LABELS);
        Network net = convNet();
        double[] r = ComputeThread.call(() -> {
            Observation o = FedSgdClient.computeUpdate(net, net.initialise(2), batch);
            double[] boxed = run(o, parameters("iterations", "12", "lr", "0.3", "lrDecay", "false"));
            double[] free = run(o, parameters("iterations", "12", "lr", "0.3", "lrDecay", "false", "boxed", "false"));
            return new double[] {boxed[0], boxed[1], boxed[2], boxed[3], boxed[4], free[0], free[1]};
        });
        assertTrue(r[0] >= 0 && r[1] <= 1, "boxed iterates in [" + r[0] + ", " + r[1] + "]");
        assertEquals(r[2], r[3], 1e-6, "the kept objective is the lowest of all iterates");
        assertEquals(r[2], r[4], 1e-5, "the kept images evaluate to the kept objective");
        assertTrue(r[5] < -0.5 && r[6] > 1.5, "unboxed iterates in [" + r[5] + ", " + r[6] + "]");
    }

    /**
     * With joint labels (DLG's choice) the variables are the images and one row of label logits per
     * image, drawn after the images from the same noise, and both move; the labels reported are the
     * argmax of the kept logits.
     */
    @Test
    void jointLabelsAreOptimisedWithTheImages() throws Exception {
        ImageBatch batch = photos(LABELS);
        Network net = convNet();
        double[] r = ComputeThread.call(() -> {
            Observation o = FedSgdClient.computeUpdate(net, net.initialise(2), batch);
            try (NDManager root = NDManager.newBaseManager();
                 AdamGradientAttack.Inversion inv = new InvertingGradients().new Inversion(o, null,
                         parameters("iterations", "5", "lrDecay", "false"), root)) {
                double[] noise = DummyStart.gaussian(inv.startSize(), 4);
                AdamGradientAttack.Trial trial = inv.trial(noise, 0, new SplittableRandom(1));
                for (int i = 0; i < 5; i++) {
                    trial.step(i);
                }
                float[] logits = trial.variables().get(1).toFloatArray();
                double moved = 0;
                for (int i = 0; i < logits.length; i++) {
                    moved = Math.max(moved, Math.abs(logits[i] - noise[2 * 3 * 32 * 32 + i]));
                }
                return new double[] {inv.startSize(), logits.length, moved, trial.bestLabels().length};
            }
        });
        assertEquals(2 * 3 * 32 * 32 + 2 * 100, r[0]);
        assertEquals(2 * 100, r[1]);
        assertTrue(r[2] > 1e-3, "label logits moved by " + r[2]);
        assertEquals(2, r[3]);
    }

    /**
     * The loop binds fresh leaves and works in a scope per iteration: the live arrays after 300
     * iterations (BatchNorm in training mode, whose buffers move) are those after the first, and
     * resident memory stays flat once the allocator has settled: the allocator moves in steps of a few
     * MB, while a leaked update (this ConvNet's gradient is about 100 kB) would add 20 MB over 200 iterations.
     */
    @Test
    void threeHundredIterationsKeepArraysAndMemoryFlat() throws Exception {
        ImageBatch batch = photos(LABELS);
        Network net = convNet();
        long[] r = ComputeThread.call(() -> {
            Observation o = FedSgdClient.computeUpdate(net, net.initialise(2), batch);
            try (NDManager root = NDManager.newBaseManager();
                 AdamGradientAttack.Inversion inv = new InvertingGradients().new Inversion(o, LABELS,
                         parameters("iterations", "300"), root)) {
                AdamGradientAttack.Trial trial = inv.trial(DummyStart.gaussian(inv.startSize(), 3), 0,
                        new SplittableRandom(1));
                long arraysAfterFirst = 0;
                long rssWarm = 0;
                for (int i = 0; i < 300; i++) {
                    trial.step(i);
                    if (i == 0) {
                        arraysAfterFirst = ((BaseNDManager) root).getManagedArrays().size();
                    }
                    if (i == 100) {
                        rssWarm = ResidentMemory.bytes() / 1024;
                    }
                }
                return new long[] {arraysAfterFirst, ((BaseNDManager) root).getManagedArrays().size(), rssWarm,
                        ResidentMemory.bytes() / 1024};
            }
        });
        assertEquals(r[0], r[1], "live arrays after 1 and 300 iterations");
        assertTrue(r[3] - r[2] < 16_000, "resident memory grew by " + (r[3] - r[2]) + " kB over 200 iterations");
    }

    /** min and max pixel over all iterates, kept objective, lowest step objective, kept images re-evaluated. */
    private static double[] run(Observation o, ParamValues p) throws Exception {
        InvertingGradients attack = new InvertingGradients();
        try (NDManager root = NDManager.newBaseManager();
             AdamGradientAttack.Inversion inv = attack.new Inversion(o, LABELS, p, root)) {
            double[] noise = DummyStart.gaussian(inv.startSize(), 7);
            AdamGradientAttack.Trial trial = inv.trial(noise, 0, new SplittableRandom(1));
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            List<Double> values = new ArrayList<>();
            int n = p.getInt("iterations");
            for (int i = 0; i < n; i++) {
                values.add(trial.step(i));
                NDArray x = trial.variables().get(0);
                lo = Math.min(lo, x.min().getFloat());
                hi = Math.max(hi, x.max().getFloat());
            }
            values.add(trial.finish(n));
            double lowest = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double again = inv.evaluate(List.of(trial.bestVariables().get(0)), false).scalars().get("objective");
            return new double[] {lo, hi, trial.bestObjective(), lowest, again};
        }
    }
}
