package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.invwb.app.gui.RoundViewModel.StoredRound;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.fl.ObservationFile;
import org.invwb.core.fl.UpdateKind;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.invwb.visualizers.UpdateHeatMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundViewModelTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private final QueuedUi ui = new QueuedUi();
    private AttackViewModel attack;
    private RoundViewModel round;

    @BeforeEach
    void setUp() {
        RunQueue queue = new RunQueue(new RunLauncher(REGISTRY), () -> dir.resolve("runs"), () -> 10, ui, Runnable::run,
                LocalDateTime::now);
        attack = new AttackViewModel(REGISTRY, queue);
        round = new RoundViewModel(() -> dir.resolve("runs"), attack, ui, Runnable::run);
    }

    private Path storedRound(UpdateKind kind, int examples, String report) throws Exception {
        return StoredRounds.write(dir.resolve("runs").resolve("federated-round-1"), kind, examples, report);
    }

    private StoredRound show(Path folder) {
        round.show(folder);
        ui.runPending();
        return round.shownProperty().get();
    }

    @Test
    void aStoredRoundShowsTheVictimsImagesTheUpdateByTensorAndTheAccuracyPerRound() throws Exception {
        Path folder = storedRound(UpdateKind.WEIGHT_DIFFERENCE, 2, "{\"method\": \"federated-round\", \"status\": \"done\","
                + " \"metrics\": {\"accuracyPerRound\": [0.5, 0.625, 0.75], \"epsilon\": 7.25}}");
        StoredRound r = show(folder);
        assertEquals(Notice.NONE, round.noticeProperty().get());
        assertEquals(2, r.images().size());
        assertEquals(0.75f, r.images().get(0).get(0, 0, 0));
        assertEquals(List.of("0", "2"), r.captions());
        assertEquals(StoredRounds.network().trainableNames(), r.layers().stream().map(UpdateHeatMap.Layer::name).toList());
        UpdateHeatMap.Layer first = r.layers().get(0);
        assertEquals(16 * 5, first.values().length, "mlp's first weight is 5 hidden units × 16 pixels");
        assertEquals(80f, first.values()[79]);
        assertEquals(List.of(0.5, 0.625, 0.75), r.accuracy());
        assertEquals(7.25, r.epsilon());
        assertTrue(r.protocol().startsWith("FedAvg: 3 local SGD steps at lr 0.1 on mini-batches of 2"), r.protocol());
        assertEquals("dp-sgd (epsilon 2.500)", r.defense());
        assertEquals("client 0, round 1, 2 examples", r.victim());
        assertEquals("Attack this observation with inverting-gradients", round.attackTextProperty().get());
    }

    @Test
    void attackingTheObservationLoadsASpecThatResolvesAndNamesTheFolder() throws Exception {
        Path folder = storedRound(UpdateKind.GRADIENT, 1, null);
        StoredRound r = show(folder);
        assertEquals(List.of(), r.accuracy(), "a bare observation folder has no report");
        assertNull(r.epsilon());
        boolean[] told = {false};
        round.setOnAttack(() -> told[0] = true);
        assertTrue(round.attackObservation());
        assertTrue(told[0]);
        assertEquals("idlg", attack.getMethod().name(), "FedSGD on one example: iDLG");
        assertEquals(folder.toAbsolutePath().normalize().toString(), attack.field("client.observation").orElseThrow().getText());
        ResolvedSpec resolved = REGISTRY.resolve(attack.toSpec());
        assertEquals(folder.toAbsolutePath().normalize().toString(), resolved.section("client").getString("observation"));

        Spec fedavg = RoundViewModel.attackSpec(show(storedRound(UpdateKind.WEIGHT_DIFFERENCE, 4, null)));
        assertEquals("inverting-gradients", REGISTRY.resolve(fedavg).method());
        assertEquals("inverting-gradients", RoundViewModel.attackMethod(UpdateKind.GRADIENT, 4),
                "FedSGD over a batch: inverting gradients");
    }

    @Test
    void aFolderWithoutAnObservationSaysSoReadably() throws Exception {
        Path run = dir.resolve("runs").resolve("cancelled-early");
        Files.createDirectories(run);
        Files.writeString(run.resolve("report.json"), "{\"method\": \"federated-round\", \"status\": \"cancelled\"}");
        assertNull(show(run));
        assertEquals(Notice.Tone.ERROR, round.noticeProperty().get().tone());
        assertEquals("cancelled-early holds no observation (observation.json): the run ended before its victim round",
                round.noticeProperty().get().text());
        assertTrue(!round.attackObservation());
        Path broken = storedRound(UpdateKind.GRADIENT, 1, null);
        Files.delete(broken.resolve(ObservationFile.TENSORS));
        assertNull(show(broken));
        assertTrue(round.noticeProperty().get().text().contains("observation.safetensors: missing"),
                round.noticeProperty().get().text());
    }

    @Test
    void theRoundsListHoldsOnlyFederatedRoundRuns() throws Exception {
        Path fed = storedRound(UpdateKind.GRADIENT, 1, "{\"method\": \"federated-round\", \"status\": \"done\"}");
        Path other = dir.resolve("runs").resolve("idlg-1");
        Files.createDirectories(other);
        Files.writeString(other.resolve("report.json"), "{\"method\": \"idlg\", \"status\": \"done\"}");
        round.refresh();
        ui.runPending();
        assertEquals(List.of(fed), List.copyOf(round.rounds()));
    }
}
