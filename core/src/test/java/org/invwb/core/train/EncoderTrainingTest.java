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
     * On a small GAN (weights from the seed), training brings G(E(G(z))) on held-out codes from the
     * untrained encoder's PSNR to several dB above it, and writes weights in the encoder's layout.
     */
    @Test
    void trainingRaisesTheHeldOutReconstructionAndWritesTheEncoder() throws Exception {
        TrainingRun run = TrainingRun.of("{\"method\": \"train-encoder\", \"seed\": 1, \"gan\": {\"imageSize\": 16,"
                + " \"latent\": 8, \"generatorWidth\": 8, \"weights\": \"\"}, \"parameters\": {\"encoderWidth\": 8,"
                + " \"iterations\": 300, \"batchSize\": 32, \"lr\": 0.003, \"sampleEvery\": 10}}");
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        List<Double> curve = run.progress().stream().map(Progress::scalars)
                .filter(s -> s.containsKey("heldOutPsnr")).map(s -> s.get("heldOutPsnr")).toList();
        assertEquals(30, curve.size());
        double first = curve.get(0);
        double last = curve.get(curve.size() - 1);
        assertTrue(last > first + 3, "held-out PSNR " + first + " dB after 10 steps, " + last + " dB after 300");
        assertEquals(new LatentEncoder(1, 16, 8, 8).parameterShapes().keySet(), run.weights().tensors().keySet());
    }
}
