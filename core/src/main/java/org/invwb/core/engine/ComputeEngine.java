package org.invwb.core.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.invwb.core.run.RunReport;

/**
 * Starts DJL once, offline, on the PyTorch engine, and says which devices it can use.
 *
 * <p>The CPU native library ships as a Maven jar on the class path; DJL unpacks it into a cache
 * folder. Nothing is downloaded: {@code ai.djl.offline=true} is forced unless the caller set it.
 */
public final class ComputeEngine {

    private static volatile Engine engine;

    private ComputeEngine() {
    }

    /** Starts the engine if needed and returns it; safe to call from any thread. */
    public static Engine start() {
        Engine e = engine;
        if (e == null) {
            synchronized (ComputeEngine.class) {
                if (engine == null) {
                    configureOffline();
                    engine = Engine.getEngine("PyTorch");
                    applyThreadSetting();
                    RunReport.registerVersion("djl", Engine.getDjlVersion());
                    RunReport.registerVersion("pytorch", engine.getVersion());
                    RunReport.registerVersion("threads", JniUtils.getNumThreads() + " intra-op, "
                            + JniUtils.getNumInteropThreads() + " inter-op");
                }
                e = engine;
            }
        }
        return e;
    }

    /**
     * {@code -Dinvwb.threads=N} sets libtorch's intra-op threads; without it, {@link #defaultThreads}.
     * libtorch's own default, every core, is the worst choice for the small models here: on 16 cores
     * the DLG LeNet ran 28 evaluations/s on 16 threads against 211 on one ({@code tools/thread_scaling.sh}).
     */
    private static void applyThreadSetting() {
        String threads = System.getProperty("invwb.threads");
        if (threads == null || threads.isBlank()) {
            JniUtils.setNumThreads(defaultThreads(Runtime.getRuntime().availableProcessors()));
            return;
        }
        try {
            int n = Integer.parseInt(threads.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            JniUtils.setNumThreads(n);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invwb.threads \"" + threads + "\": expected a whole number of at least 1");
        }
    }

    /**
     * Half the cores, at most 4: the middle-sized models (ResNet-20, the diffusion UNet, GMI's networks)
     * peaked at 4 threads on 16 cores, small ones lose little there, and the other half is left to the
     * JVM (collector, compiler, the window's drawing) and to other programs. Wide networks gain up to
     * every core; {@code invwb.threads} says so per run.
     */
    static int defaultThreads(int cores) {
        return Math.max(1, Math.min(4, cores / 2));
    }

    private static void configureOffline() {
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        String cache = System.getProperty("DJL_CACHE_DIR");
        if (cache == null || cache.isBlank()) {
            cache = Path.of(System.getProperty("user.home"), ".cache", "invwb", "djl").toString();
            System.setProperty("DJL_CACHE_DIR", cache);
        }
        if (System.getProperty("ENGINE_CACHE_DIR") == null) {
            System.setProperty("ENGINE_CACHE_DIR", cache);
        }
        requireWritable(Path.of(System.getProperty("ENGINE_CACHE_DIR")));
    }

    /** libtorch is unpacked here once per user; without a writable folder nothing can run, so say which. */
    private static void requireWritable(Path cache) {
        try {
            Files.createDirectories(cache);
        } catch (IOException | SecurityException e) {
            throw new EngineStartException(notWritable(cache, e.toString()), e);
        }
        if (!Files.isWritable(cache)) {
            throw new EngineStartException(notWritable(cache, "permission denied"), null);
        }
    }

    private static String notWritable(Path cache, String why) {
        return "cannot write the native-library cache folder " + cache + " (" + why + "); point DJL_CACHE_DIR"
                + " (-DDJL_CACHE_DIR=FOLDER, or XDG_CACHE_HOME for the invwb launcher) to a writable folder";
    }

    /** Number of CUDA devices libtorch can see (0 with the CPU build). */
    public static int gpuCount() {
        start();
        return ai.djl.util.cuda.CudaUtils.getGpuCount();
    }

    /**
     * Parses a device name: {@code cpu}, {@code gpu}, {@code gpu:N} (or {@code cuda:N}).
     *
     * @throws IllegalArgumentException naming the device and what is available
     */
    public static Device device(String name) {
        String n = name == null ? "cpu" : name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        int index = 0;
        if (n.startsWith("gpu:") || n.startsWith("cuda:")) {
            try {
                index = Integer.parseInt(n.substring(n.indexOf(':') + 1));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("device \"" + name + "\": expected cpu, gpu or gpu:N");
            }
        } else if (!n.equals("gpu") && !n.equals("cuda")) {
            throw new IllegalArgumentException("device \"" + name + "\": expected cpu, gpu or gpu:N");
        }
        int gpus = gpuCount();
        if (index < 0 || index >= gpus) {
            throw new IllegalArgumentException("device \"" + name + "\": " + (gpus == 0
                    ? "this libtorch has no CUDA device; use cpu"
                    : "available GPUs are 0.." + (gpus - 1)));
        }
        return Device.gpu(index);
    }

    /** libtorch's intra-op threads ({@code invwb.threads}, or {@link #defaultThreads}). */
    public static int threads() {
        start();
        return JniUtils.getNumThreads();
    }

    /** A line for reports: which device and which libtorch ran the computation. */
    public static String describe(Device device) {
        Engine e = start();
        String where = device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu";
        int threads = threads();
        return where + " (PyTorch " + e.getVersion() + ", " + threads + (threads == 1 ? " thread)" : " threads)");
    }
}
