package org.invwb.app.gui;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.invwb.app.run.Devices;

/** Devices for view-model tests: a fixed list, each described at once or, when unknown, refused. */
final class FakeDevices implements Devices {

    private final List<String> names;

    FakeDevices(List<String> names) {
        this.names = names;
    }

    static FakeDevices cpuOnly() {
        return new FakeDevices(List.of("cpu"));
    }

    @Override
    public CompletionStage<List<String>> available() {
        return CompletableFuture.completedFuture(names);
    }

    @Override
    public CompletionStage<String> describe(String device) {
        return names.contains(device) ? CompletableFuture.completedFuture(device + " (test engine)")
                : CompletableFuture.failedFuture(new IllegalArgumentException("device \"" + device + "\": not here"));
    }
}
