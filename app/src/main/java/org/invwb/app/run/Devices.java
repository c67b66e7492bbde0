package org.invwb.app.run;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.ComputeThread;

/**
 * The compute devices a run may use, as the engine sees them, and a line describing one. Asked on the
 * compute thread (it starts the engine), answered asynchronously so a window never waits for it.
 */
public interface Devices {

    /** "cpu", then "gpu:0", "gpu:1"... for each CUDA device libtorch sees. */
    CompletionStage<List<String>> available();

    /** "cpu (PyTorch 2.7.1, 2 threads)"; fails with the engine's message for a device it cannot use. */
    CompletionStage<String> describe(String device);

    /** The devices of this machine's libtorch. */
    static Devices engine() {
        return new Devices() {
            @Override
            public CompletionStage<List<String>> available() {
                return onComputeThread(() -> {
                    List<String> names = new ArrayList<>(List.of("cpu"));
                    for (int i = 0; i < ComputeEngine.gpuCount(); i++) {
                        names.add("gpu:" + i);
                    }
                    return names;
                });
            }

            @Override
            public CompletionStage<String> describe(String device) {
                return onComputeThread(() -> ComputeEngine.describe(ComputeEngine.device(device)));
            }
        };
    }

    private static <T> CompletionStage<T> onComputeThread(java.util.concurrent.Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ComputeThread.submit(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
            return null;
        });
        return result;
    }
}
