package org.invwb.core.attack.gan;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.engine.Autograd;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.optim.Adam;
import org.invwb.core.optim.Optimizer;
import org.invwb.core.optim.Sgd;
import org.invwb.core.run.CancelledException;

/**
 * The search every GAN-prior attack runs, with the attack's objective on the generated images: first
 * the latent code z ({@link #searchLatent}), then, optionally, the feature maps entering successive
 * generator blocks ({@link #searchFeatures}), each moved only within an L1 ball around where its stage
 * started, the radius growing with the stage (Intermediate Layer Optimization, Daras et al. 2021, as
 * GIFD and IF-GMI use it). Each stage starts from the best iterate so far, and the lowest-objective
 * iterate of the whole search is kept.
 *
 * <p>Per iteration everything stays native except the objective's terms (one transfer); the listener
 * sees the generated images without a copy. Compute thread only.
 */
public final class GeneratorSearch implements AutoCloseable {

    /** torch's Adam, SGD with momentum, and SGD with Nesterov momentum (the form GMI writes out by hand). */
    public static final List<String> OPTIMIZERS = List.of("adam", "sgd", "sgd-nesterov");

    /** How one phase optimises: one of {@link #OPTIMIZERS} with {@code momentum}, its learning rate and length. */
    public record Phase(String optimizer, double lr, double momentum, int iterations) {
        public Phase {
            if (!OPTIMIZERS.contains(optimizer)) {
                throw new IllegalArgumentException("optimizer must be one of " + OPTIMIZERS + ", got " + optimizer);
            }
        }
    }

    /** The attack's objective on generated images (N, C, H, W) in [0, 1]. */
    @FunctionalInterface
    public interface Objective {
        ObjectiveTerms evaluate(NDArray images);

        /**
         * The objective of {@code images}, made from {@code input} (z, after any latent map, for stage 0;
         * else the map entering {@code stage}), for terms on the code itself such as a prior on z.
         */
        default ObjectiveTerms evaluate(NDArray images, NDArray input, int stage) {
            return evaluate(images);
        }
    }

    /**
     * Told after every iteration: the number done, the iterate's terms (plus {@code lr} and
     * {@code stage}, 0 for the latent) and its images, valid only during the call.
     */
    @FunctionalInterface
    public interface Listener {
        void iteration(int done, Map<String, Double> scalars, NDArray images) throws CancelledException;
    }

    private final DcganGenerator generator;
    private final Map<String, NDArray> params;
    private final Objective objective;
    private final Listener listener;
    private final NDManager root;
    private final NDManager state;
    private NDArray bestInput;
    private NDArray bestImages;
    private int bestStage;
    private double bestObjective = Double.POSITIVE_INFINITY;
    private Map<String, Double> bestScalars = Map.of();
    private int done;
    private UnaryOperator<NDArray> latentMap;

    /** @param params the generator's weights on the device; never changed */
    public GeneratorSearch(DcganGenerator generator, Map<String, NDArray> params, Objective objective, Listener listener,
                           NDManager root) {
        this.generator = generator;
        this.params = params;
        this.objective = objective;
        this.listener = listener;
        this.root = root;
        this.state = root.newSubManager();
    }

    /**
     * Optimises z from {@code start} (N, latent); with {@code clip} > 0, z is clipped to [−clip, clip]
     * after every step (GMI).
     *
     * @throws ArithmeticException when the objective stops being finite; the best iterate so far stays
     */
    public void searchLatent(NDArray start, Phase phase, double clip) throws CancelledException {
        searchLatent(start, phase, clip, null);
    }

    /**
     * As {@link #searchLatent(NDArray, Phase, double)}, but the generator is fed {@code map}(z), e.g. tanh(z)
     * to keep the code in a box (GGL); null feeds z itself. {@link #bestInput()} is then the mapped code.
     */
    public void searchLatent(NDArray start, Phase phase, double clip, UnaryOperator<NDArray> map)
            throws CancelledException {
        NDArray z = start.duplicate();
        z.attach(state);
        latentMap = map;
        try {
            optimise(null, z, 0, phase, clip > 0 ? x -> x.clip(-clip, clip) : null);
        } finally {
            latentMap = null;
        }
    }

    /**
     * Optimises, in turn, the maps entering stages 1, 2, … radii.length: each as the map the best iterate
     * so far gives there plus an offset kept within the L1 ball of that stage's radius.
     *
     * @throws IllegalStateException before {@link #searchLatent} has run
     */
    public void searchFeatures(double[] radii, Phase phase) throws CancelledException {
        if (bestInput == null) {
            throw new IllegalStateException("search the latent first: the feature stages start from its best iterate");
        }
        if (radii.length > DcganGenerator.STAGES) {
            throw new IllegalArgumentException("the generator has " + DcganGenerator.STAGES + " feature stages, not "
                    + radii.length);
        }
        for (int stage = 1; stage <= radii.length; stage++) {
            double radius = radii[stage - 1];
            NDArray base = generator.propagate(params, bestInput, bestStage, stage);
            base.attach(state);
            NDArray offset = base.zerosLike();
            optimise(base, offset, stage, phase, x -> L1Ball.project(x, radius));
        }
    }

    private void optimise(NDArray base, NDArray variable, int stage, Phase phase, UnaryOperator<NDArray> projection)
            throws CancelledException {
        try (Optimizer optimizer = optimizer(phase)) {
            for (int i = 0; i < phase.iterations(); i++) {
                try (NDManager m = root.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray leaf = variable.stopGradient();
                    leaf.attach(m);
                    leaf.setRequiresGradient(true);
                    NDArray input = base != null ? leaf.add(base) : latentMap != null ? latentMap.apply(leaf) : leaf;
                    NDArray images = generator.generateFrom(params, input, stage);
                    ObjectiveTerms terms = objective.evaluate(images, input, stage);
                    Map<String, Double> scalars = new LinkedHashMap<>(terms.scalars());
                    double value = scalars.get("objective");
                    if (!Double.isFinite(value)) {
                        throw new ArithmeticException("the objective became " + value + " at iteration " + (done + 1)
                                + (stage == 0 ? " (latent)" : " (feature stage " + stage + ")"));
                    }
                    scalars.put("lr", optimizer.learningRate());
                    scalars.put("stage", (double) stage);
                    if (value < bestObjective) {
                        keep(input, images, stage, value, scalars);
                    }
                    List<NDArray> grads = Autograd.grad(terms.total(), List.of(leaf), false);
                    optimizer.step(List.of(variable), grads);
                    if (projection != null) {
                        NDArray projected = projection.apply(variable);
                        variable.muli(0).addi(projected);
                    }
                    done++;
                    listener.iteration(done, scalars, images);
                }
            }
        }
    }

    private void keep(NDArray input, NDArray images, int stage, double value, Map<String, Double> scalars) {
        if (bestInput != null) {
            bestInput.close();
            bestImages.close();
        }
        bestInput = kept(input);
        bestImages = kept(images);
        bestStage = stage;
        bestObjective = value;
        bestScalars = Map.copyOf(scalars);
    }

    /** A copy owned by the search, which the iteration's scope does not close. */
    private NDArray kept(NDArray x) {
        NDArray copy = x.stopGradient().duplicate();
        copy.attach(state);
        NDScope.unregister(copy);
        return copy;
    }

    private Optimizer optimizer(Phase phase) {
        return phase.optimizer().equals("adam")
                ? Adam.withDefaults(state, phase.lr())
                : new Sgd(state, phase.lr(), phase.momentum(), 0, phase.optimizer().equals("sgd-nesterov"));
    }

    /** Iterations run so far, over all phases. */
    public int iterations() {
        return done;
    }

    /** The lowest objective seen; +∞ before the first iteration. */
    public double bestObjective() {
        return bestObjective;
    }

    /** The terms of the lowest-objective iterate (with its {@code lr} and {@code stage}). */
    public Map<String, Double> bestScalars() {
        return bestScalars;
    }

    /** The images of the lowest-objective iterate (N, C, H, W), or null before the first iteration. */
    public NDArray bestImages() {
        return bestImages;
    }

    /** What the best iterate fed the generator: z for stage 0, else the map entering {@link #bestStage()}. */
    public NDArray bestInput() {
        return bestInput;
    }

    public int bestStage() {
        return bestStage;
    }

    @Override
    public void close() {
        state.close();
    }
}
