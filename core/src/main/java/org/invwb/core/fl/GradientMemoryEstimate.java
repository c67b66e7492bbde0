package org.invwb.core.fl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.engine.ResidentMemory;
import org.invwb.core.nn.Network;
import org.invwb.core.run.SpecException;

/**
 * A conservative estimate of the native memory a gradient-matching attack needs, so that a batch that
 * cannot fit is refused before any data is loaded rather than failing deep inside libtorch.
 *
 * <p>The network's forward runs once on ONE zero image in a fresh manager; every array that forward
 * leaves in the manager, apart from the parameters and the input, is an activation, and their
 * element count A is what one image costs in the graph. One evaluation holds the forward's
 * activations, the parameter gradient's graph built from them (create_graph) and the second backward
 * through that graph: about four copies of the activations, so {@value #ACTIVATION_COPIES}·A·B floats
 * for a batch of B. The parameters P are held as weights, observed gradient, current gradient, its
 * graph and the distance's gradient, counted as {@value #PARAMETER_COPIES}·P; the images as dummy,
 * ground truth and their gradient, 3·B·input. All float32.
 */
public final class GradientMemoryEstimate {

    static final int ACTIVATION_COPIES = 4;
    static final int PARAMETER_COPIES = 8;
    private static final int IMAGE_COPIES = 3;
    private static final double GB = 1e9;

    private GradientMemoryEstimate() {
    }

    /** Bytes one gradient-matching evaluation of {@code network} needs on a batch of {@code batchSize}. */
    public static long bytes(Network network, int batchSize) throws Exception {
        long activations = ComputeThread.call(() -> activationsPerImage(network));
        long parameters = network.parameterShapes().values().stream().mapToLong(Shape::size).sum();
        long image = network.inputShape().size();
        return Float.BYTES * (ACTIVATION_COPIES * activations * batchSize + PARAMETER_COPIES * parameters
                + IMAGE_COPIES * image * batchSize);
    }

    /**
     * Refuses {@code data.batchSize} when the estimate exceeds what libtorch can have: the physical memory
     * less the Java heap's maximum, which the JVM may take. Nothing is refused where /proc/meminfo is missing.
     */
    public static void check(Network network, int batchSize) throws SpecException {
        long physical = ResidentMemory.physicalBytes();
        if (physical < 0) {
            return;
        }
        long heap = Runtime.getRuntime().maxMemory();
        long needed;
        try {
            needed = bytes(network, batchSize);
        } catch (Exception e) {
            return; // the forward itself failed: the attack reports that with its own message
        }
        if (needed > physical - heap) {
            Shape in = network.inputShape();
            throw new SpecException("data.batchSize", String.format(Locale.ROOT, "%d images of %d×%d on %s need"
                    + " about %.1f GB of memory for gradient matching (estimated from one image's activations),"
                    + " but this machine has %.1f GB of physical memory, of which the Java heap may take %.1f GB;"
                    + " use a smaller batch or image size", batchSize, in.get(1), in.get(2), network.name(),
                    needed / GB, physical / GB, heap / GB));
        }
    }

    /** Elements of every array one image's eval-mode forward creates, parameters and input excluded. */
    private static long activationsPerImage(Network network) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> params = new HashMap<>();
            network.parameterShapes().forEach((name, shape) -> params.put(name, m.zeros(shape, DataType.FLOAT32)));
            NDArray input = m.zeros(new Shape(1).addAll(network.inputShape()), DataType.FLOAT32);
            long before = m.getManagedArrays().stream().mapToLong(NDArray::size).sum();
            network.forward(params, input, false);
            long after = m.getManagedArrays().stream().mapToLong(NDArray::size).sum();
            return after - before;
        }
    }
}
