package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.concurrent.CompletableFuture;
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
        StatusViewModel vm = new StatusViewModel(queue, probe, ui);
        assertEquals("device: starting…", vm.deviceProperty().get());
        probe.complete("cpu (PyTorch 2.7.1, 2 threads)");
        ui.runPending();
        assertEquals("device: cpu (PyTorch 2.7.1, 2 threads)", vm.deviceProperty().get());
    }

    @Test
    void saysWhyTheDeviceIsUnavailable() {
        StatusViewModel vm = new StatusViewModel(queue,
                CompletableFuture.failedFuture(new IllegalStateException("outer", new UnsatisfiedLinkError("libtorch.so"))), ui);
        ui.runPending();
        assertEquals("device: unavailable (libtorch.so)", vm.deviceProperty().get());
    }

    @Test
    void memoryAndQueue() {
        StatusViewModel vm = new StatusViewModel(queue, new CompletableFuture<>(), ui);
        assertTrue(vm.memoryProperty().get().matches("memory \\d+ MB of \\d+ MB"), vm.memoryProperty().get());
        assertEquals("idle", vm.queueProperty().get());
    }
}
