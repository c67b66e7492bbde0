package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.fl.FedAvgClient;
import org.invwb.core.fl.FedSgdClient;
import org.invwb.core.fl.Observation;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.ConvNet;
import org.invwb.core.nn.DlgLeNet;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.run.RunFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The label rules read an untrained model's last layer: with non-negative features (ReLU, sigmoid)
 * only the rows of classes in the batch can be negative, so for distinct labels the rules are exact.
 */
class LabelStrategyTest {

    private static final int[] DISTINCT = {3, 17, 42, 88};

    private static ImageBatch photos(int[] labels) throws Exception {
        int[] indices = new int[labels.length];
        Arrays.setAll(indices, i -> i);
        ImageBatch b = ImageSources.load("bundled:photos", 3, 32, 32).subset(indices);
        return new ImageBatch(b.pixels(), b.count(), 3, 32, 32, labels, 100, null);
    }

    private static Observation fedSgd(String architecture, int[] labels, long seed) throws Exception {
        Network net = NetworkZoo.create(architecture, 3, 32, 100, architecture.equals(ConvNet.NAME) ? 8 : 0);
        ImageBatch batch = photos(labels);
        return ComputeThread.call(() -> FedSgdClient.computeUpdate(net, net.initialise(seed), batch));
    }

    private static double accuracy(LabelStrategy s, Observation o, int[] truth) throws Exception {
        int[] recovered = s.labels(o, truth);
        assertEquals(truth.length, recovered.length, s + " returns one label per image");
        return BatchScorer.labelAccuracy(truth, recovered);
    }

    @ParameterizedTest
    @ValueSource(strings = {ConvNet.NAME, DlgLeNet.NAME})
    void batchRulesRecoverFourDistinctLabelsExactly(String architecture) throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            Observation o = fedSgd(architecture, DISTINCT, seed);
            for (LabelStrategy s : new LabelStrategy[] {LabelStrategy.LLG, LabelStrategy.YIN, LabelStrategy.AUTO}) {
                assertEquals(1.0, accuracy(s, o, DISTINCT), s + " on " + architecture + ", seed " + seed);
            }
        }
    }

    /** LLG charges each class found with the mean impact of one example, so a label present twice is found twice. */
    @Test
    void llgFindsARepeatedLabel() throws Exception {
        int[] truth = {5, 5, 60, 71};
        Observation o = fedSgd(DlgLeNet.NAME, truth, 2);
        int[] recovered = LabelStrategy.LLG.labels(o, truth);
        Arrays.sort(recovered);
        assertArrayEquals(truth, recovered);
    }

    /** A FedAvg weight difference is minus the learning rate times summed gradients: the rules flip its sign. */
    @Test
    void rulesReadAFedAvgWeightDifference() throws Exception {
        Network net = NetworkZoo.create(ConvNet.NAME, 3, 32, 100, 8);
        ImageBatch batch = photos(DISTINCT);
        Observation o = ComputeThread.call(() -> FedAvgClient.computeUpdate(net, net.initialise(4), batch, 2, 1e-4, 4));
        assertEquals(1.0, accuracy(LabelStrategy.LLG, o, DISTINCT));
        assertEquals(1.0, accuracy(LabelStrategy.YIN, o, DISTINCT));
        Observation one = ComputeThread.call(() -> FedAvgClient.computeUpdate(net, net.initialise(4),
                photos(new int[] {42}), 2, 1e-4, 1));
        assertEquals(1.0, accuracy(LabelStrategy.IDLG, one, new int[] {42}));
    }

    @Test
    void givenIsTheTruthAndJointLeavesTheLabelsOpen() throws Exception {
        Observation o = fedSgd(DlgLeNet.NAME, DISTINCT, 1);
        assertArrayEquals(DISTINCT, LabelStrategy.GIVEN.labels(o, DISTINCT));
        assertNull(LabelStrategy.JOINT.labels(o, DISTINCT));
    }

    @Test
    void idlgRefusesABatchNamingTheField() throws Exception {
        Observation o = fedSgd(DlgLeNet.NAME, DISTINCT, 1);
        RunFailure e = assertThrows(RunFailure.class, () -> LabelStrategy.IDLG.labels(o, DISTINCT));
        assertTrue(e.getMessage().contains("data.batchSize 1"), e.getMessage());
    }
}
