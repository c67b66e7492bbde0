package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.invwb.app.run.SampleProjects;
import org.invwb.core.run.MethodRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkbenchViewModelTest {

    @TempDir
    Path dir;

    private WorkbenchViewModel open(MemoryPreferences prefs) {
        Settings settings = new Settings(prefs);
        settings.runsDirProperty().set(dir);
        return new WorkbenchViewModel(settings, MethodRegistry.standard(), new QueuedUi(), Runnable::run,
                FakeDevices.cpuOnly(), System::nanoTime, SampleProjects.find());
    }

    @Test
    void listsTheSampleProjects() {
        WorkbenchViewModel vm = open(new MemoryPreferences());
        List<String> names = vm.samples().stream().map(p -> vm.samplesDir().relativize(p).toString()).toList();
        assertTrue(names.contains(Path.of("gradient", "dlg.json").toString()), names.toString());
        assertTrue(names.contains(Path.of("gradient", "idlg.json").toString()), names.toString());
    }

    @Test
    void theLastSpecComesBackInTheNextSession() {
        MemoryPreferences prefs = new MemoryPreferences();
        WorkbenchViewModel first = open(prefs);
        first.attack().selectMethod("idlg");
        first.attack().field("parameters.iterations").orElseThrow().setText("42");
        first.attack().seedProperty().set("3");
        first.saveState();

        WorkbenchViewModel next = open(prefs);
        assertEquals("idlg", next.attack().getMethod().name());
        assertEquals("42", next.attack().field("parameters.iterations").orElseThrow().getText());
        assertEquals("3", next.attack().seedProperty().get());
    }

    @Test
    void launchingShowsTheLivePanelAndReRunningShowsTheAttackPanel() throws Exception {
        QueuedUi ui = new QueuedUi();
        Settings settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(dir);
        WorkbenchViewModel vm = new WorkbenchViewModel(settings, MethodRegistry.standard(), ui, Runnable::run,
                FakeDevices.cpuOnly(), System::nanoTime, null);
        vm.attack().selectMethod("idlg");
        vm.attack().field("parameters.iterations").orElseThrow().setText("1");
        assertTrue(vm.attack().run().isPresent());
        assertEquals(WorkbenchViewModel.Panel.LIVE, vm.panelProperty().get());
        ui.runUntil(() -> !vm.queue().isBusy(), 120, "the run to end");
        ui.runUntil(() -> !vm.runs().rows().isEmpty(), 30, "the Runs panel to list it");
        vm.runs().rerunSelected();
        assertEquals(WorkbenchViewModel.Panel.ATTACK, vm.panelProperty().get());
        assertEquals("1", vm.attack().field("parameters.iterations").orElseThrow().getText());
    }

    @Test
    void aFederatedRoundThatEndsIsShownInTheRoundPanelAndItsObservationCanBeAttacked() throws Exception {
        QueuedUi ui = new QueuedUi();
        Settings settings = new Settings(new MemoryPreferences());
        settings.runsDirProperty().set(dir);
        WorkbenchViewModel vm = new WorkbenchViewModel(settings, MethodRegistry.standard(), ui, Runnable::run,
                FakeDevices.cpuOnly(), System::nanoTime, null);
        vm.attack().selectMethod("federated-round");
        // a tiny FedSGD round: 2 clients of 20 images, 2 rounds, the victim's single-example gradient at round 2
        for (String[] v : new String[][] {{"data.trainImages", "40"}, {"data.testImages", "20"},
                {"model.architecture", "mlp"}, {"model.numClasses", "10"}, {"model.imageSize", "28"},
                {"model.channels", "1"}, {"model.width", "8"}, {"federation.clients", "2"},
                {"federation.rounds", "2"}, {"federation.clientFraction", "1"}, {"federation.protocol", "fedsgd"},
                {"federation.localBatchSize", "1"}, {"federation.victimClient", "1"}, {"federation.victimRound", "2"}}) {
            vm.attack().field(v[0]).orElseThrow().setText(v[1]);
        }
        RunSession session = vm.attack().run().orElseThrow();
        ui.runUntil(() -> vm.round().shownProperty().get() != null, 120, "the round to be shown");
        RoundViewModel.StoredRound r = vm.round().shownProperty().get();
        assertEquals(session.runDir(), r.dir());
        assertEquals(2, r.accuracy().size(), "one test accuracy per round");
        assertEquals("client 1, round 2, 1 example", r.victim());
        assertEquals(1, r.images().size());
        assertEquals(List.of("linear0.weight", "linear0.bias"), r.layers().stream().limit(2)
                .map(org.invwb.visualizers.UpdateHeatMap.Layer::name).toList());
        assertEquals(28 * 28 * 8, r.layers().get(0).values().length);

        ui.runUntil(() -> !vm.runs().rows().isEmpty(), 30, "the Runs panel to list it");
        vm.runs().selectedProperty().set(vm.runs().rows().get(0));
        assertTrue(vm.runs().showSelectedRound());
        assertEquals(WorkbenchViewModel.Panel.ROUND, vm.panelProperty().get(), "Show round in the Runs panel");

        assertTrue(vm.round().attackObservation());
        assertEquals(WorkbenchViewModel.Panel.ATTACK, vm.panelProperty().get());
        assertEquals("idlg", vm.attack().getMethod().name());
        assertEquals(r.dir().toAbsolutePath().normalize().toString(),
                MethodRegistry.standard().resolve(vm.attack().toSpec()).section("client").getString("observation"));
    }
}
