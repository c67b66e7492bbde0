package org.invwb.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.invwb.core.data.ImageSources;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganDiscriminator;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class GanTrainingTest {

    private static final int ITERATIONS = 6;
    private static final Dcgan TINY = new Dcgan(new DcganGenerator(1, 12, 8, 4), new DcganDiscriminator(1, 12, 4));

    private static TrainingRun train(String loss, String classes) throws Exception {
        return TrainingRun.of("{\"method\": \"train-gan\", \"seed\": 3, \"data\": {\"count\": 200, \"classes\": \""
                + classes + "\"}, \"gan\": {\"imageSize\": 12, \"latent\": 8, \"generatorWidth\": 4,"
                + " \"discriminatorWidth\": 4}, \"parameters\": {\"loss\": \"" + loss + "\", \"iterations\": "
                + ITERATIONS + ", \"batchSize\": 16, \"criticSteps\": 2, \"sampleEvery\": 3}}");
    }

    /**
     * Both losses run: one progress event per generator iteration with finite figures (WGAN-GP's with the
     * Wasserstein estimate and the penalty), and a weights file in the {@link Dcgan} layout whose generator
     * BatchNorm statistics moved away from their initial 0 and 1 and count every train-mode forward: two
     * discriminator steps and one generator step per iteration.
     */
    @Test
    void bothLossesWriteWeightsInTheGanLayoutWithMovedBatchNormStatistics() throws Exception {
        for (String loss : List.of(GanTraining.NON_SATURATING, GanTraining.WGAN_GP)) {
            TrainingRun run = train(loss, "");
            assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
            assertEquals(ITERATIONS, run.progress().size());
            Set<String> expected = loss.equals(GanTraining.WGAN_GP)
                    ? Set.of("discriminatorLoss", "generatorLoss", "wasserstein", "gradientPenalty")
                    : Set.of("discriminatorLoss", "generatorLoss");
            for (Progress p : run.progress()) {
                assertEquals(expected, p.scalars().keySet(), loss);
                p.scalars().values().forEach(v -> assertTrue(Double.isFinite(v), loss + ": " + p.scalars()));
            }
            StateDict weights = run.weights();
            assertEquals(TINY.parameterShapes().keySet(), weights.tensors().keySet(), loss);
            TINY.parameterShapes().forEach((name, shape) ->
                    assertArrayEquals(shape.getShape(), weights.get(name).shape(), name));
            assertEquals(3 * ITERATIONS, weights.get("generator.block1.bn.num_batches_tracked").data()[0], loss);
            HostTensor mean = weights.get("generator.block1.bn.running_mean");
            HostTensor variance = weights.get("generator.block1.bn.running_var");
            for (int c = 0; c < mean.data().length; c++) {
                assertNotEquals(0f, mean.data()[c], loss + ": running mean " + c + " never moved");
                assertNotEquals(1f, variance.data()[c], loss + ": running variance " + c + " never moved");
            }
        }
    }

    /** The same seed (on the same thread count) gives the same weights bit for bit. */
    @Test
    void theSameSeedGivesTheSameWeights() throws Exception {
        StateDict first = train(GanTraining.WGAN_GP, "").weights();
        StateDict second = train(GanTraining.WGAN_GP, "").weights();
        for (Map.Entry<String, HostTensor> e : first.tensors().entrySet()) {
            assertArrayEquals(e.getValue().data(), second.get(e.getKey()).data(), e.getKey());
        }
    }

    /** The classes filter keeps exactly the images of the classes named: here those labelled 0 to 4. */
    @Test
    void theClassesFilterKeepsOnlyThoseClasses() throws Exception {
        int[] labels = ImageSources.load("bundled:mnist-train", 1, 28, 28).labels();
        TrainingRun run = TrainingRun.of("{\"method\": \"train-gan\", \"data\": {\"classes\": \"0-2, 3,4\"},"
                + " \"gan\": {\"imageSize\": 12, \"latent\": 8, \"generatorWidth\": 4, \"discriminatorWidth\": 4},"
                + " \"parameters\": {\"iterations\": 1, \"batchSize\": 4, \"criticSteps\": 1}}");
        int kept = 0;
        for (int label : labels) {
            kept += label <= 4 ? 1 : 0;
        }
        assertEquals(kept, (int) run.metric("trainImages"));
        assertTrue(kept > 0 && kept < labels.length, "the bundled digits hold both halves");
    }

    @Test
    void aClassesFieldThatIsNotIndicesIsRefusedNamingTheField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals(List.of(0, 1, 2, 3, 4, 7), LabelledImages.classes(GanTraining.DATA.parse("data",
                json.readTree("{\"classes\": \"4, 0-3, 7, 2\"}"))));
        for (String bad : List.of("a", "3-1", "1,,2", "-1")) {
            SpecException e = assertThrows(SpecException.class, () -> LabelledImages.classes(GanTraining.DATA.parse(
                    "data", json.readTree("{\"classes\": \"" + bad + "\"}"))), bad);
            assertEquals("data.classes", e.path(), bad);
        }
    }
}
