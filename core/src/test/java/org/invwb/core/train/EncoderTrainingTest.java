package org.invwb.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.invwb.core.nn.LatentEncoder;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class EncoderTrainingTest {

    /**
     * On the shipped GAN, 150 steps bring G(E(G(z))) on held-out codes several dB above where the encoder
     * stood after 10, and the weights are written in the encoder's layout.
     */
    @Test
    void trainingRaisesTheHeldOutReconstructionAndWritesTheEncoder() throws Exception {
        TrainingRun run = TrainingRun.of("{\"method\": \"train-encoder\", \"seed\": 1, \"gan\": {\"generatorWidth\": 16,"
                + " \"discriminatorWidth\": 16, \"weights\": \"bundled:dcgan-mnist-public\"}, \"parameters\":"
                + " {\"iterations\": 150, \"batchSize\": 32, \"lr\": 0.002, \"imageWeight\": 10, \"sampleEvery\": 10}}");
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        List<Double> curve = run.progress().stream().map(Progress::scalars)
                .filter(s -> s.containsKey("heldOutPsnr")).map(s -> s.get("heldOutPsnr")).toList();
        assertEquals(15, curve.size());
        double first = curve.get(0);
        double last = curve.get(curve.size() - 1);
        assertTrue(last > first + 3, "held-out PSNR " + first + " dB after 10 steps, " + last + " dB after 150");
        assertEquals(new LatentEncoder(1, 28, 100, 16).parameterShapes().keySet(), run.weights().tensors().keySet());
    }
}
