package org.invwb.app.gui;

import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.app.run.Devices;

/**
 * The status bar: the compute device chosen in the settings, the JVM's memory in use, and what the run
 * queue is doing; and the devices the engine offers, for the settings to choose from.
 */
public final class StatusViewModel {

    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper(this, "device", "device: starting…");
    private final ReadOnlyStringWrapper memory = new ReadOnlyStringWrapper(this, "memory", "");
    private final ObservableList<String> available = FXCollections.observableArrayList("cpu");
    private final RunQueue queue;
    private final Devices devices;
    private final Executor ui;
    private String described;

    /**
     * @param chosen the device runs use ("cpu", "gpu:0"); the status bar follows it
     */
    public StatusViewModel(RunQueue queue, Devices devices, ObservableValue<String> chosen, Executor ui) {
        this.queue = queue;
        this.devices = devices;
        this.ui = ui;
        devices.available().whenComplete((names, error) -> ui.execute(() -> {
            if (error == null) {
                available.setAll(names);
            }
        }));
        chosen.addListener((o, old, now) -> describe(now));
        describe(chosen.getValue());
        refreshMemory();
    }

    /** The devices the engine can run on: cpu, then gpu:N for each GPU libtorch sees. */
    public ObservableList<String> availableDevices() {
        return available;
    }

    private void describe(String name) {
        described = name;
        devices.describe(name).whenComplete((text, error) -> ui.execute(() -> {
            if (!name.equals(described)) {
                return; // another device was chosen meanwhile
            }
            device.set(error == null ? "device: " + text : "device: " + name + " unavailable (" + rootMessage(error) + ")");
        }));
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
