package org.invwb.core.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.ComputeThread;
import org.junit.jupiter.api.Test;

/** BatchNorm in both modes against its closed form, with PyTorch's running-statistics rule. */
class BatchNormTest {

    private static final int N = 4;
    private static final int C = 3;
    private static final int HW = 25;

    /** Channel c is centred near 2 + c with spread 1 + c, so normalising visibly changes it. */
    private static float[] batch() {
        SplittableRandom random = new SplittableRandom(5);
        float[] x = new float[N * C * HW];
        for (int i = 0; i < x.length; i++) {
            int c = i / HW % C;
            x[i] = (float) (2 + c + (1 + c) * random.nextGaussian());
        }
        return x;
    }

    private record Run(float[] output, Map<String, float[]> moved, float[] meanAfter) {
    }

    private static Run run(StateDict state, boolean training) throws Exception {
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> params = state.toArrays(m);
                Layers layers = new Layers(params, training);
                float[] out = layers.batchNorm("bn", m.create(batch(), new Shape(N, C, 5, 5))).toFloatArray();
                Map<String, float[]> moved = new LinkedHashMap<>();
                layers.movedBuffers().forEach((name, a) -> moved.put(name, a.toFloatArray()));
                return new Run(out, moved, params.get("bn.running_mean").toFloatArray());
            }
        });
    }

    @Test
    void evalModeWithFreshStatisticsIsTheIdentityUpToEps() throws Exception {
        Run eval = run(new StateLayout().batchNorm("bn", C).initialise(0), false);
        float[] x = batch();
        for (int i = 0; i < x.length; i++) {
            assertEquals(x[i] / Math.sqrt(1 + Layers.BN_EPS), eval.output()[i], 1e-5);
        }
        assertEquals(Map.of(), eval.moved());
    }

    @Test
    void evalModeUsesTheRunningStatistics() throws Exception {
        float[] weight = {0.5f, 2f, -1f};
        float[] bias = {0.1f, 0f, 3f};
        float[] mean = {1f, -2f, 0.5f};
        float[] var = {4f, 0.25f, 1f};
        StateDict state = new StateDict(Map.of(
                "bn.weight", new HostTensor(new long[] {C}, weight), "bn.bias", new HostTensor(new long[] {C}, bias),
                "bn.running_mean", new HostTensor(new long[] {C}, mean), "bn.running_var", new HostTensor(new long[] {C}, var),
                "bn.num_batches_tracked", new HostTensor(new long[0], new float[] {3})));
        float[] out = run(state, false).output();
        float[] x = batch();
        for (int i = 0; i < x.length; i++) {
            int c = i / HW % C;
            assertEquals((x[i] - mean[c]) / Math.sqrt(var[c] + Layers.BN_EPS) * weight[c] + bias[c], out[i], 1e-5);
        }
    }

    @Test
    void trainModeNormalisesByTheBatchAndMovesCopiesOfTheRunningStatistics() throws Exception {
        Run train = run(new StateLayout().batchNorm("bn", C).initialise(0), true);
        float[] x = batch();
        int perChannel = N * HW;
        for (int c = 0; c < C; c++) {
            double sum = 0;
            double sumSquares = 0;
            double outSum = 0;
            double outSquares = 0;
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < HW; k++) {
                    int i = (n * C + c) * HW + k;
                    sum += x[i];
                    sumSquares += (double) x[i] * x[i];
                    outSum += train.output()[i];
                    outSquares += (double) train.output()[i] * train.output()[i];
                }
            }
            double mean = sum / perChannel;
            double biased = sumSquares / perChannel - mean * mean;
            assertEquals(0, outSum / perChannel, 1e-5, "normalised mean of channel " + c);
            assertEquals(biased / (biased + Layers.BN_EPS), outSquares / perChannel, 1e-4, "normalised variance of channel " + c);
            // PyTorch: running = (1 − momentum)·running + momentum·batch, with the unbiased batch variance
            assertEquals(0.1 * mean, train.moved().get("bn.running_mean")[c], 1e-5);
            assertEquals(0.9 + 0.1 * biased * perChannel / (perChannel - 1), train.moved().get("bn.running_var")[c], 1e-4);
        }
        assertArrayEquals(new float[] {1}, train.moved().get("bn.num_batches_tracked"));
        assertArrayEquals(new float[C], train.meanAfter(), "the parameters passed in stay as they were");
    }

    @Test
    void trainModeRecordsTheBatchMeanAndBiasedVarianceOfEachChannel() throws Exception {
        float[][] stats = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                Layers layers = new Layers(new StateLayout().batchNorm("bn", C).initialise(0).toArrays(m), true,
                        DropoutMasks.NONE, true);
                layers.batchNorm("bn", m.create(batch(), new Shape(N, C, 5, 5)));
                BatchStatistics s = layers.batchStatistics().get("bn");
                return new float[][] {s.mean().toFloatArray(), s.variance().toFloatArray()};
            }
        });
        float[] x = batch();
        int perChannel = N * HW;
        for (int c = 0; c < C; c++) {
            double sum = 0;
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < HW; k++) {
                    sum += x[(n * C + c) * HW + k];
                }
            }
            double mean = sum / perChannel;
            double squares = 0;
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < HW; k++) {
                    double d = x[(n * C + c) * HW + k] - mean;
                    squares += d * d;
                }
            }
            assertEquals(mean, stats[0][c], 1e-5, "mean of channel " + c);
            assertEquals(squares / perChannel, stats[1][c], 1e-4, "biased variance of channel " + c);
        }
    }

    /** Every BatchNorm layer of ResNet-20 reports, in forward order, and the statistics reach back to the input. */
    @Test
    void aResNetReportsEveryLayersStatisticsInTheGraph() throws Exception {
        Network net = NetworkZoo.create(CifarResNet.RESNET20, 3, 16, 10, 4);
        Object[] result = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray input = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
                input.setRequiresGradient(true);
                StatisticsForward f = net.forwardWithStatistics(net.initialise(1).toArrays(m), input, DropoutMasks.NONE);
                NDArray total = null;
                for (BatchStatistics s : f.statistics().values()) {
                    NDArray t = s.mean().sum().add(s.variance().sum());
                    total = total == null ? t : total.add(t);
                }
                float[] g = org.invwb.core.engine.Autograd.grad(total, input).abs().sum().toFloatArray();
                return new Object[] {java.util.List.copyOf(f.statistics().keySet()), g[0]};
            }
        });
        java.util.List<String> expected = net.parameterShapes().keySet().stream()
                .filter(n -> n.endsWith(".running_mean")).map(n -> n.substring(0, n.length() - ".running_mean".length()))
                .toList();
        assertEquals(expected, result[0]);
        assertTrue((float) result[1] > 0, "gradient of the statistics to the input");
    }
}
