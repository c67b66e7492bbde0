package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javafx.beans.property.SimpleStringProperty;
import org.invwb.app.run.Devices;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.junit.jupiter.api.Test;

class StatusViewModelTest {

    private final QueuedUi ui = new QueuedUi();
    private final RunQueue queue = new RunQueue(new RunLauncher(new MethodRegistry()), () -> Path.of("runs"), () -> 10,
            ui, Runnable::run, LocalDateTime::now);

    @Test
    void showsTheDeviceOnceTheEngineHasStarted() {
        CompletableFuture<String> probe = new CompletableFuture<>();
        Devices slow = new Devices() {
            @Override
            public CompletionStage<List<String>> available() {
                return new CompletableFuture<>();
            }

            @Override
            public CompletionStage<String> describe(String device) {
                return probe;
            }
        };
        StatusViewModel vm = new StatusViewModel(queue, slow, new SimpleStringProperty("cpu"), ui);
        assertEquals("device: starting…", vm.deviceProperty().get());
        probe.complete("cpu (PyTorch 2.7.1, 2 threads)");
        ui.runPending();
        assertEquals("device: cpu (PyTorch 2.7.1, 2 threads)", vm.deviceProperty().get());
    }

    @Test
    void followsTheChosenDeviceAndSaysWhyOneIsUnavailable() {
        SimpleStringProperty chosen = new SimpleStringProperty("cpu");
        StatusViewModel vm = new StatusViewModel(queue, new FakeDevices(List.of("cpu", "gpu:0")), chosen, ui);
        ui.runPending();
        assertEquals(List.of("cpu", "gpu:0"), vm.availableDevices(), "the choices come from the engine");
        assertEquals("device: cpu (test engine)", vm.deviceProperty().get());
        chosen.set("gpu:0");
        ui.runPending();
        assertEquals("device: gpu:0 (test engine)", vm.deviceProperty().get());
        chosen.set("gpu:3"); // e.g. remembered from a machine with more GPUs
        ui.runPending();
        assertEquals("device: gpu:3 unavailable (device \"gpu:3\": not here)", vm.deviceProperty().get());
    }

    @Test
    void runsUseTheChosenDevice() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("invwb-device");
        ScriptedMethod method = new ScriptedMethod();
        RunQueue runs = new RunQueue(new RunLauncher(method.registry()), () -> dir, () -> 10, ui, Runnable::run,
                LocalDateTime::now);
        runs.setDevice(() -> "gpu:0");
        RunSession s = runs.launch(org.invwb.core.run.Spec.parse("{\"method\": \"scripted\", \"parameters\": {\"iterations\": 1}}"));
        method.release(1);
        ui.runUntil(() -> !runs.isBusy(), 30, "the run to end");
        assertEquals("gpu:0", s.report().get().device(), "the report names the device the run was given");
    }

    @Test
    void memoryAndQueue() {
        StatusViewModel vm = new StatusViewModel(queue, FakeDevices.cpuOnly(), new SimpleStringProperty("cpu"), ui);
        assertTrue(vm.memoryProperty().get().matches("memory \\d+ MB of \\d+ MB"), vm.memoryProperty().get());
        assertEquals("idle", vm.queueProperty().get());
    }
}
