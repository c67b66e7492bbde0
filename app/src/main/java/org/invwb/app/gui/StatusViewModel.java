package org.invwb.app.gui;

import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/** The status bar: the compute device, the JVM's memory in use, and what the run queue is doing. */
public final class StatusViewModel {

    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper(this, "device", "device: starting…");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final RunQueue queue;

    /**
     * @param deviceProbe completes with a line naming the device ("cpu (PyTorch 2.7.1, 2 threads)") once
     *                    the engine has started on the compute thread
     */
    public StatusViewModel(RunQueue queue, CompletionStage<String> deviceProbe, Executor ui) {
        this.queue = queue;
        deviceProbe.whenComplete((text, error) -> ui.execute(() -> device.set(error == null
                ? "device: " + text
                : "device: unavailable (" + rootMessage(error) + ")")));
        refreshMemory();
    }

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    /** "memory 312 MB of 4096 MB" (heap in use and the most it may grow to). */
    public ReadOnlyStringProperty memoryProperty() {
        return memory.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty queueProperty() {
        return queue.summaryProperty();
    }

    /** Reads the JVM's memory figures again (the view calls it every second). */
    public void refreshMemory() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        memory.set(String.format(Locale.ROOT, "memory %d MB of %d MB", used >> 20, rt.maxMemory() >> 20));
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
