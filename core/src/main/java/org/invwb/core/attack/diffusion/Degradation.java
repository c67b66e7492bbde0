package org.invwb.core.attack.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The measurement of an inverse problem, y = A(x) + σ_y·n, with n standard normal, on the model's
 * [−1, 1] scale (so σ_y = 0.05 is 0.025 of the [0, 1] pixel range, as in DPS). A is one of
 * <ul>
 * <li>inpainting: x ⊙ m with a 0/1 mask m, the same for every channel; hidden entries of y are 0
 *     (noise included), so y keeps the image's shape;</li>
 * <li>super-resolution: f×f average pooling, (H/f)×(W/f) values per channel;</li>
 * <li>denoising: the identity.</li>
 * </ul>
 * A is differentiable, so a method can back-propagate through it; its pseudo-inverse A⁺ (holes
 * 0, nearest upsampling, the identity) is where RED-diff starts. Compute thread only.
 */
final class Degradation {

    static final String INPAINTING = "inpainting";
    static final String SUPER_RESOLUTION = "super-resolution";
    static final String DENOISING = "denoising";
    static final List<String> TASKS = List.of(INPAINTING, SUPER_RESOLUTION, DENOISING);

    static final String BOX = "box";
    static final String RANDOM = "random";
    static final String HALF = "half";
    static final List<String> MASKS = List.of(BOX, RANDOM, HALF);

    static final ParamSet SECTION = ParamSet.of(
            ParamDecl.choice("task", INPAINTING, TASKS, "the operator A: inpainting (a mask), super-resolution"
                    + " (average pooling) or denoising (the identity)"),
            ParamDecl.choice("mask", BOX, MASKS, "inpainting: a centred box, random pixels, or the right half"
                    + " hidden"),
            ParamDecl.real("boxSize", 0.5, 0.05, 1, "box mask: side of the hidden square as a fraction of the image"
                    + " side").paper("0.5 (128 of 256 px)"),
            ParamDecl.real("missing", 0.7, 0, 1, "random mask: fraction of the pixels hidden, drawn without"
                    + " replacement from the seed").paper("0.3..0.7 (released config); 0.92 (paper's table)"),
            ParamDecl.integer("factor", 4, 2, 8, "super-resolution: the average-pooling factor f; it must divide"
                    + " the image size").paper("4"),
            ParamDecl.real("sigmaY", 0.05, 0, 10, "measurement noise σ_y on the model's [−1, 1] scale")
                    .paper("0.05"));

    private final String task;
    private final int factor;
    private final double sigma;
    private final float[] mask;
    private final NDArray maskArray;
    private final int perImage;

    private Degradation(String task, int factor, double sigma, float[] mask, NDArray maskArray, int perImage) {
        this.task = task;
        this.factor = factor;
        this.sigma = sigma;
        this.mask = mask;
        this.maskArray = maskArray;
        this.perImage = perImage;
    }

    /**
     * The operator a {@code degradation} section describes for float32 {@code channels}×{@code size}×{@code size}
     * images, its mask (if any) in {@code owner}; a random mask is drawn from {@code random}.
     */
    static Degradation of(ParamValues d, int channels, int size, SplittableRandom random, NDManager owner)
            throws SpecException {
        String task = d.getString("task");
        double sigma = d.getDouble("sigmaY");
        switch (task) {
            case INPAINTING -> {
                float[] mask = mask(d, size, random);
                int observed = 0;
                for (float v : mask) {
                    observed += (int) v;
                }
                NDArray array = StagingBuffer.uploadOnThisThread(owner, mask, new Shape(1, 1, size, size));
                return new Degradation(task, 1, sigma, mask, array, observed * channels);
            }
            case SUPER_RESOLUTION -> {
                int f = d.getInt("factor");
                if (size % f != 0) {
                    throw new SpecException("degradation.factor", "factor " + f + " does not divide the image size "
                            + size + "; use a divisor of it");
                }
                return new Degradation(task, f, sigma, null, null, channels * (size / f) * (size / f));
            }
            case DENOISING -> {
                return new Degradation(task, 1, sigma, null, null, channels * size * size);
            }
            default -> throw new SpecException("degradation.task", "unknown task \"" + task + "\"; known: " + TASKS);
        }
    }

    /** The inpainting mask of {@code size}×{@code size} pixels, 1 where observed, row by row. */
    static float[] mask(ParamValues d, int size, SplittableRandom random) {
        float[] m = new float[size * size];
        Arrays.fill(m, 1);
        switch (d.getString("mask")) {
            case BOX -> {
                int side = (int) Math.round(d.getDouble("boxSize") * size);
                int from = (size - side) / 2;
                for (int r = from; r < from + side; r++) {
                    for (int c = from; c < from + side; c++) {
                        m[r * size + c] = 0;
                    }
                }
            }
            case RANDOM -> {
                // a random permutation's first k positions: exactly k pixels hidden
                int[] order = new int[m.length];
                for (int i = 0; i < order.length; i++) {
                    order[i] = i;
                }
                int hidden = (int) Math.round(d.getDouble("missing") * m.length);
                for (int i = 0; i < hidden; i++) {
                    int j = i + random.nextInt(order.length - i);
                    int t = order[i];
                    order[i] = order[j];
                    order[j] = t;
                    m[order[i]] = 0;
                }
            }
            case HALF -> {
                for (int r = 0; r < size; r++) {
                    for (int c = size / 2; c < size; c++) {
                        m[r * size + c] = 0;
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown mask " + d.getString("mask"));
        }
        return m;
    }

    String task() {
        return task;
    }

    /** The mask, 1 where observed, or null for a task without one. */
    float[] mask() {
        return mask == null ? null : mask.clone();
    }

    double sigma() {
        return sigma;
    }

    /** Observed values per image: the size of y that carries information. */
    int measurementsPerImage() {
        return perImage;
    }

    /** A(x), differentiable with respect to x. */
    NDArray apply(NDArray x) {
        return switch (task) {
            case INPAINTING -> x.mul(maskArray);
            case SUPER_RESOLUTION -> {
                Shape s = x.getShape();
                int h = (int) s.get(2) / factor;
                int w = (int) s.get(3) / factor;
                // one axis at a time: DJL's libtorch mean takes a single axis
                yield x.reshape(s.get(0), s.get(1), h, factor, w, factor).mean(new int[] {5}).mean(new int[] {3});
            }
            default -> x;
        };
    }

    /** y = A(x) + σ_y·n, n from {@code random}, owned by x's manager; noise only where A observes. */
    NDArray measure(NDArray x, SplittableRandom random) {
        NDArray y = apply(x);
        if (y == x) {
            y = x.duplicate();
        }
        if (sigma > 0) {
            float[] n = new float[Math.toIntExact(y.getShape().size())];
            for (int i = 0; i < n.length; i++) {
                n[i] = (float) (sigma * random.nextGaussian());
            }
            NDArray noise = StagingBuffer.uploadOnThisThread(x.getManager(), n, y.getShape());
            y.addi(task.equals(INPAINTING) ? noise.muli(maskArray) : noise);
        }
        return y;
    }

    /** A⁺y in image space: y itself for a mask (holes 0, mid-grey) and the identity, nearest upsampling for pooling. */
    NDArray pseudoInverse(NDArray y) {
        if (!task.equals(SUPER_RESOLUTION)) {
            return y.duplicate();
        }
        Shape s = y.getShape();
        return y.reshape(s.get(0), s.get(1), s.get(2), 1, s.get(3), 1)
                .broadcast(new Shape(s.get(0), s.get(1), s.get(2), factor, s.get(3), factor))
                .reshape(s.get(0), s.get(1), s.get(2) * factor, s.get(3) * factor);
    }

    /**
     * The degraded input as one would look at it, the baseline a method must beat: the masked image
     * with its holes black (−1), the low-resolution image upsampled by repeating pixels, the noisy image.
     */
    NDArray baseline(NDArray y) {
        NDArray shown = pseudoInverse(y);
        if (task.equals(INPAINTING)) {
            shown.addi(maskArray).subi(1);
        }
        return shown;
    }
}
