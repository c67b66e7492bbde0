package org.invwb.core.engine;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread that runs all DJL work. libtorch's grad mode is per thread and DJL allows one
 * gradient collector per process, so every job queues here; grad mode is switched on once for it.
 */
public final class ComputeThread {

    private static final ExecutorService EXECUTOR = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "invwb-compute");
        t.setDaemon(true);
        return t;
    });

    private static volatile Thread thread;
    /** Touched on the compute thread only. */
    private static boolean prepared;

    private ComputeThread() {
    }

    /** Queues work on the compute thread. */
    public static <T> Future<T> submit(Callable<T> work) {
        return EXECUTOR.submit(() -> {
            thread = Thread.currentThread();
            prepare();
            return work.call();
        });
    }

    /**
     * Starts the engine inside the first piece of work, so that a failure (say, an unwritable cache
     * folder) reaches whoever waits for that work instead of killing the thread; later work retries.
     */
    private static void prepare() {
        if (!prepared) {
            ComputeEngine.start();
            JniUtils.setGradMode(true);
            prepared = true;
        }
    }

    /** Runs work on the compute thread and waits for it; the work's own exception is rethrown. */
    public static <T> T call(Callable<T> work) throws Exception {
        if (isComputeThread()) {
            return work.call();
        }
        try {
            return submit(work).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            throw (Error) cause;
        }
    }

    public static boolean isComputeThread() {
        return Thread.currentThread() == thread;
    }
}
