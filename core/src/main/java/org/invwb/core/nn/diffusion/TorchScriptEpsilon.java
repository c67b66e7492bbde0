package org.invwb.core.nn.diffusion;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.TorchScriptModule;
import org.invwb.core.nn.WeightsException;

/**
 * An ε-model a user brings as TorchScript, with the signature
 * <pre>
 *   forward(x: Tensor[N, C, H, W] float32, t: Tensor[N] int64, c: Tensor[N] int64) -> Tensor[N, C, H, W]
 * </pre>
 * the noise prediction for images x at timesteps t (0..T−1) of class c (0..numClasses−1), where
 * c = numClasses is the null class of classifier-free guidance. Runs in float32 whatever the
 * trajectories' type. Loading checks, on zero images at the first and last timestep with the first
 * and the null class, that the forward takes the three arguments, returns ε of x's shape, finite, and
 * with a gradient to x (which SPDInv's fixed-point search needs); it refuses the file otherwise.
 */
public final class TorchScriptEpsilon implements AutoCloseable {

    /** The signature in words, for messages and documentation. */
    public static final String SIGNATURE = "forward(x: Tensor[N,C,H,W] float32, t: Tensor[N] int64,"
            + " c: Tensor[N] int64) -> Tensor[N,C,H,W], with c = numClasses the null class";

    private final TorchScriptModule module;
    private final int channels;
    private final int imageSize;
    private final int numClasses;

    private TorchScriptEpsilon(TorchScriptModule module, int channels, int imageSize, int numClasses) {
        this.module = module;
        this.channels = channels;
        this.imageSize = imageSize;
        this.numClasses = numClasses;
    }

    /**
     * Loads {@code file} onto {@code device} and checks it as an ε-model of {@code channels}×{@code imageSize}²
     * images, {@code numClasses} classes and {@code timesteps} timesteps. Compute thread.
     */
    public static TorchScriptEpsilon load(Path file, int channels, int imageSize, int numClasses, int timesteps,
                                          Device device) throws WeightsException {
        TorchScriptModule module = TorchScriptModule.load(file, device);
        TorchScriptEpsilon model = new TorchScriptEpsilon(module, channels, imageSize, numClasses);
        try {
            model.check(timesteps);
        } catch (WeightsException e) {
            module.close();
            throw e;
        }
        return model;
    }

    private void check(int timesteps) throws WeightsException {
        Shape shape = new Shape(2, channels, imageSize, imageSize);
        int[] t = {0, timesteps - 1};
        int[] c = {0, numClasses};
        String call = "x of shape " + shape + " (the model section's channels and imageSize), t = [0, "
                + (timesteps - 1) + "] and c = [0, " + numClasses + "]";
        try (NDManager m = module.manager().newSubManager()) {
            NDArray x = Autograd.leaf(m.zeros(shape));
            NDArray eps;
            try {
                eps = epsilon(x, t, c);
            } catch (RuntimeException e) {
                throw new WeightsException(module.file(), "its forward fails on " + call + ": "
                        + TorchScriptModule.reason(e) + "; an ε-model must have " + SIGNATURE);
            }
            if (!eps.getShape().equals(shape)) {
                throw new WeightsException(module.file(), "the module returns shape " + eps.getShape() + " for "
                        + call + "; an ε-model must return ε of x's shape: " + SIGNATURE);
            }
            NDArray gradient;
            try {
                gradient = Autograd.grad(eps.sum(), x);
            } catch (RuntimeException e) {
                throw new WeightsException(module.file(), "the module returns no gradient to x (it may be frozen,"
                        + " detach its output or run under no_grad): " + TorchScriptModule.reason(e));
            }
            for (float v : eps.toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new WeightsException(module.file(), "its ε for " + call + " is not finite");
                }
            }
            for (float g : gradient.toFloatArray()) {
                if (!Float.isFinite(g)) {
                    throw new WeightsException(module.file(), "the gradient of its ε to x is not finite");
                }
            }
        }
    }

    /** ε̂ for {@code x} in its own type and manager, with a graph back to {@code x}. */
    public NDArray epsilon(NDArray x, int[] timesteps, int[] labels) {
        DataType type = x.getDataType();
        NDArray in = type == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
        NDArray eps = module.forward(false, in, indices(x.getManager(), timesteps), indices(x.getManager(), labels));
        return eps.getDataType() == type ? eps : eps.toType(type, false);
    }

    /** {@code values} as an int64 vector; through float32, exact for the timesteps and classes (below 2²⁴). */
    private static NDArray indices(NDManager m, int[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = values[i];
        }
        return StagingBuffer.uploadOnThisThread(m, f, new Shape(f.length)).toType(DataType.INT64, false);
    }

    public Path file() {
        return module.file();
    }

    public int channels() {
        return channels;
    }

    public int imageSize() {
        return imageSize;
    }

    public int numClasses() {
        return numClasses;
    }

    @Override
    public void close() {
        module.close();
    }
}
