package org.invwb.core.nn.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.ConditionalUNet;
import org.invwb.core.nn.StateDict;

/**
 * A trained ε-model on the device, in float32 or float64, with its noise schedule: the noise
 * prediction with classifier-free guidance (Ho and Salimans 2021),
 * ε̃ = ε(x, ∅) + w·(ε(x, c) − ε(x, ∅)), so w = 1 is the conditional model alone and w = 0 the
 * unconditional one. Images live in [−1, 1]. The model is the workbench's {@link ConditionalUNet}
 * with its weights, or a user's {@link TorchScriptEpsilon}, which keeps its class embedding inside
 * (so the null embedding cannot be replaced or tuned). Compute thread only.
 */
public final class DiffusionModel implements AutoCloseable {

    private final ConditionalUNet unet;
    private final TorchScriptEpsilon script;
    private final NoiseSchedule schedule;
    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final DataType type;

    /** Uploads {@code weights} into a sub-manager of {@code root}, converted to {@code type} (FLOAT32 or FLOAT64). */
    public DiffusionModel(ConditionalUNet unet, NoiseSchedule schedule, StateDict weights, NDManager root, DataType type) {
        requireFloat(type);
        this.unet = unet;
        this.script = null;
        this.schedule = schedule;
        this.manager = root.newSubManager();
        this.type = type;
        LinkedHashMap<String, NDArray> arrays = weights.toArrays(manager);
        if (type != DataType.FLOAT32) {
            arrays.replaceAll((name, a) -> a.toType(type, false));
        }
        this.params = arrays;
    }

    /**
     * The TorchScript ε-model {@code script} (which this model then owns and closes), with trajectories in
     * {@code type}; the module itself runs in float32.
     */
    public DiffusionModel(TorchScriptEpsilon script, NoiseSchedule schedule, NDManager root, DataType type) {
        requireFloat(type);
        this.unet = null;
        this.script = script;
        this.schedule = schedule;
        this.manager = root.newSubManager();
        this.type = type;
        this.params = Map.of();
    }

    private static void requireFloat(DataType type) {
        if (type != DataType.FLOAT32 && type != DataType.FLOAT64) {
            throw new IllegalArgumentException("a diffusion model runs in float32 or float64, not " + type);
        }
    }

    public static DataType precision(String name) {
        return switch (name) {
            case "float32" -> DataType.FLOAT32;
            case "float64" -> DataType.FLOAT64;
            default -> throw new IllegalArgumentException("precision must be float32 or float64, got " + name);
        };
    }

    public int channels() {
        return unet != null ? unet.channels() : script.channels();
    }

    public int imageSize() {
        return unet != null ? unet.imageSize() : script.imageSize();
    }

    /** Classes the model is conditioned on; class {@code numClasses()} is the null class. */
    public int numClasses() {
        return unet != null ? unet.numClasses() : script.numClasses();
    }

    /** Whether the null class's embedding can be replaced (null-text inversion): not inside a TorchScript module. */
    public boolean hasClassEmbedding() {
        return unet != null;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public DataType type() {
        return type;
    }

    /** ε̂ for every image at timestep {@code t} and its class, guided with scale {@code guidance}. */
    public NDArray epsilon(NDArray x, int t, int[] labels, double guidance) {
        return epsilon(x, t, labels, guidance, null);
    }

    /**
     * As {@link #epsilon(NDArray, int, int[], double)}, with the null class's embedding replaced by
     * {@code nullEmbedding} (1, E) where it is not null: null-text inversion tunes it.
     */
    public NDArray epsilon(NDArray x, int t, int[] labels, double guidance, NDArray nullEmbedding) {
        NDArray conditional = conditional(x, t, labels);
        if (guidance == 1) {
            return conditional;
        }
        NDArray unconditional = unconditional(x, t, nullEmbedding);
        return unconditional.add(conditional.sub(unconditional).muli(guidance));
    }

    /** ε̂(x, ∅) alone, with the given null embedding (or the trained one for null). */
    public NDArray unconditional(NDArray x, int t, NDArray nullEmbedding) {
        int n = (int) x.getShape().get(0);
        if (nullEmbedding == null) {
            int[] nulls = new int[n];
            Arrays.fill(nulls, numClasses());
            return conditional(x, t, nulls);
        }
        return requireUnet().forward(params, x, at(t, n), nullEmbedding.broadcast(new Shape(n, unet.embeddingSize())));
    }

    /** ε̂(x, c) alone. */
    public NDArray conditional(NDArray x, int t, int[] labels) {
        int[] steps = at(t, labels.length);
        return unet != null ? unet.forward(params, x, steps, labels) : script.epsilon(x, steps, labels);
    }

    private static int[] at(int t, int n) {
        int[] steps = new int[n];
        Arrays.fill(steps, t);
        return steps;
    }

    private ConditionalUNet requireUnet() {
        if (unet == null) {
            throw new UnsupportedOperationException(script.file() + ": a TorchScript ε-model keeps its class"
                    + " embedding inside the module, so the null embedding cannot be replaced");
        }
        return unet;
    }

    /** The trained embedding of the null class, (1, E), a copy in {@code manager}. */
    public NDArray nullEmbedding(NDManager target) {
        NDArray row = requireUnet().classEmbedding(params, new int[] {unet.nullClass()},
                params.get("class_embed.weight"));
        NDArray copy = row.duplicate();
        copy.attach(target);
        row.close();
        return copy;
    }

    /** Standard normal noise of {@code shape} from {@code random}, in this model's type, owned by {@code m}. */
    public NDArray gaussian(NDManager m, Shape shape, SplittableRandom random) {
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return upload(m, values, shape);
    }

    /** {@code values} as an array of this model's type owned by {@code m}. */
    public NDArray upload(NDManager m, float[] values, Shape shape) {
        NDArray a = StagingBuffer.uploadOnThisThread(m, values, shape);
        return type == DataType.FLOAT32 ? a : a.toType(type, false);
    }

    @Override
    public void close() {
        manager.close();
        if (script != null) {
            script.close();
        }
    }
}
