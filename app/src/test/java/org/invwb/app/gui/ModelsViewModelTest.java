package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.invwb.app.gui.ModelsViewModel.ModelRow;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelsViewModelTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private final QueuedUi ui = new QueuedUi();
    private AttackViewModel attack;
    private ModelsViewModel models;
    private int opened;

    @BeforeEach
    void setUp() {
        RunQueue queue = new RunQueue(new RunLauncher(REGISTRY), () -> dir, () -> 10, ui, Runnable::run,
                LocalDateTime::now);
        attack = new AttackViewModel(REGISTRY, queue);
        models = new ModelsViewModel(() -> dir, attack, ui, Runnable::run);
        models.setOnOpenAttack(() -> opened++);
    }

    /** A training run's folder as the run store leaves it: report.json with every value, and the weights. */
    private Path trainingRun(String name, boolean withWeights) throws Exception {
        Path run = dir.resolve(name);
        Files.createDirectories(run);
        Files.writeString(run.resolve("report.json"), "{\"status\": \"done\", \"method\": \"train-classifier\","
                + " \"startedAt\": \"2026-01-01T10:00:00\", \"parameters\": {\"model\": {\"architecture\": \"mlp\","
                + " \"numClasses\": 10, \"imageSize\": 28, \"channels\": 1, \"width\": 32, \"weights\": \"\"}},"
                + " \"metrics\": {\"testAccuracy\": 0.8125}}");
        if (withWeights) {
            Files.write(run.resolve(WeightSources.RUN_FOLDER_FILE), new byte[8]);
        }
        return run;
    }

    @Test
    void shippedModelsComeWithTheModelTheyFitAndTheirTestAccuracy() throws Exception {
        List<ModelRow> shipped = ModelsViewModel.shipped();
        assertEquals(WeightSources.bundledNames(), shipped.stream().map(ModelRow::name).toList());
        ModelRow mlp = shipped.stream().filter(r -> r.name().equals("mlp-mnist")).findFirst().orElseThrow();
        assertEquals("bundled:mlp-mnist", mlp.source());
        assertEquals("train-classifier", mlp.method());
        // the record beside the weights says: mlp, width 64, 1×28×28, 10 classes, 88.9 % on the test split
        assertEquals(Map.of("architecture", "mlp", "numClasses", 10, "imageSize", 28, "channels", 1, "width", 64),
                mlp.model());
        assertEquals(0.889, mlp.testAccuracy(), 1e-12);
        assertEquals("mlp · 1×28×28 · 10 classes · width 64", mlp.shape());
    }

    @Test
    void trainedWeightsAreFoundInRunFoldersThatHoldThem() throws Exception {
        Path run = trainingRun("train-classifier-1", true);
        trainingRun("train-classifier-cancelled", false);
        models.refresh();
        ui.runPending();
        List<ModelRow> trained = models.rows().stream().filter(r -> r.origin().equals("trained")).toList();
        assertEquals(1, trained.size());
        assertEquals(run.toAbsolutePath().normalize().toString(), trained.get(0).source());
        assertEquals(0.8125, trained.get(0).testAccuracy());
        assertEquals(32, trained.get(0).model().get("width"));
        assertFalse(trained.get(0).model().containsKey("weights"));
        assertEquals(WeightSources.bundledNames().size() + 1, models.rows().size());
    }

    @Test
    void useInAttackSetsTheWeightsAndTheModelTheyFit() throws Exception {
        models.refresh();
        ui.runPending();
        assertTrue(attack.selectMethod("inverting-gradients"));
        models.selectedProperty().set(models.rows().stream().filter(r -> r.name().equals("lenet-dlg-mnist"))
                .findFirst().orElseThrow());
        assertTrue(models.useInAttack());
        assertEquals(1, opened);
        ResolvedSpec spec = REGISTRY.resolve(attack.toSpec());
        assertEquals("bundled:lenet-dlg-mnist", spec.section("model").getString("weights"));
        Map<String, Object> fits = models.selectedProperty().get().model();
        for (String name : List.of("architecture", "numClasses", "imageSize", "channels", "width")) {
            assertEquals(String.valueOf(fits.get(name)), String.valueOf(spec.section("model").asMap().get(name)), name);
        }
        assertEquals("inverting-gradients", attack.getMethod().name(), "the attack stays the one chosen");
    }

    /** A GAN goes into the gan section of an attack with a GAN prior, and is refused by one without. */
    @Test
    void aGanGoesIntoTheGanSection() throws Exception {
        models.refresh();
        ui.runPending();
        ModelRow gan = models.rows().stream().filter(r -> r.name().equals("dcgan-mnist-public")).findFirst()
                .orElseThrow();
        assertEquals("dcgan · 1×28×28 · latent 100 · widths 16/16", gan.shape());
        models.selectedProperty().set(gan);
        assertTrue(attack.selectMethod("inverting-gradients"));
        assertFalse(models.useInAttack());
        assertTrue(models.noticeProperty().get().text().contains("reads no gan.weights"),
                models.noticeProperty().get().text());
        assertTrue(attack.selectMethod("ggl"));
        assertTrue(models.useInAttack());
        ResolvedSpec spec = REGISTRY.resolve(attack.toSpec());
        assertEquals("bundled:dcgan-mnist-public", spec.section("gan").getString("weights"));
        assertEquals(100, spec.section("gan").getInt("latent"));
    }

    @Test
    void trainNewOpensTheAttackPanelOnClassifierTraining() {
        models.trainNew();
        assertEquals("train-classifier", attack.getMethod().name());
        assertEquals(1, opened);
    }
}
