package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.attack.gan.GeneratorSearch;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.Scalars;
import org.invwb.core.fl.ClientScenario;
import org.invwb.core.fl.Observation;
import org.invwb.core.metrics.BatchScore;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * The gradient attacks with a GAN prior: the dummy images are the generator's output, so the search
 * runs over its latent code (and, for GIFD, its intermediate features) instead of over pixels, and
 * the data term is the usual distance between the dummy update and the observed one
 * ({@link UpdateMatching}), with the labels from the gradient ({@link LabelStrategy}). The generator
 * is the spec's {@code gan} section; its images must have the client model's input shape.
 * Subclasses choose the distance, the priors and the search.
 */
abstract class GanGradientAttack implements InversionMethod {

    /** The distance between the dummy update and {@code target}, the observed one. */
    abstract GradientDistance distance(ParamValues p, List<NDArray> target);

    /** Adds prior terms on the images and on what made them (z for stage 0, else that stage's map). */
    void addPriors(ParamValues p, NDArray images, NDArray input, int stage, ObjectiveTerms terms) {
    }

    /** Searches the generator for images whose update matches; returns the outcome of the best ones. */
    abstract RunOutcome search(Attack attack) throws Exception;

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ClientScenario scenario = ClientScenario.build(ctx.spec());
        ParamValues ganSection = ctx.section("gan");
        Dcgan gan = GanModelSpec.networks(ganSection);
        DcganGenerator generator = gan.generator();
        Shape input = scenario.network().inputShape();
        if (generator.channels() != input.get(0) || generator.imageSize() != input.get(1)
                || generator.imageSize() != input.get(2)) {
            throw new SpecException("gan.imageSize", "the GAN makes " + generator.channels() + "×"
                    + generator.imageSize() + "×" + generator.imageSize() + " images but the client's model takes "
                    + input.get(0) + "×" + input.get(1) + "×" + input.get(2) + "; set gan.channels and gan.imageSize"
                    + " to the model's (and a GAN trained at that size in gan.weights)");
        }
        StateDict weights = Dcgan.generatorPart(GanModelSpec.weights(ganSection, gan, ctx.spec().seed()));
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Observation observation = scenario.observation();
            ParamValues p = ctx.section("parameters");
            int[] labels = LabelStrategy.named(p.getString("labels")).labels(observation, scenario.batch().labels());
            try (Attack attack = new Attack(ctx, observation, scenario.batch(), generator, weights, labels, root)) {
                return AttackOutcomes.withClient(search(attack), scenario);
            }
        }
    }

    /** One restart of a gradient-based search: what it runs on {@code search}, from start {@code r}. */
    @FunctionalInterface
    interface Restart {
        void run(GeneratorSearch search, NDManager manager, int r) throws CancelledException;
    }

    /**
     * Runs {@code restarts} searches of the generator ({@link GeneratorSearch}), reporting every iteration,
     * and returns the outcome of the lowest-objective iterate over all of them.
     */
    static RunOutcome bestOfRestarts(Attack a, int restarts, Restart restart, String what) throws Exception {
        GeneratorSearch.Objective objective = new GeneratorSearch.Objective() {
            @Override
            public ObjectiveTerms evaluate(NDArray images) {
                throw new UnsupportedOperationException("the search passes the code");
            }

            @Override
            public ObjectiveTerms evaluate(NDArray images, NDArray input, int stage) {
                return a.objective(images, input, stage, true);
            }
        };
        try (NDManager kept = a.root.newSubManager()) {
            NDArray[] best = new NDArray[1];
            double[] bestObjective = {Double.POSITIVE_INFINITY};
            Map<String, Double> bestTerms = new LinkedHashMap<>();
            int bestRestart = 0;
            for (int r = 0; r < restarts; r++) {
                GeneratorSearch[] current = new GeneratorSearch[1];
                double restartNumber = r + 1;
                GeneratorSearch.Listener listener = (i, scalars, images) -> {
                    Map<String, Double> out = new LinkedHashMap<>(scalars);
                    if (restarts > 1) {
                        out.put("restart", restartNumber);
                    }
                    a.progress(out, images);
                    boolean earlier = current[0].bestObjective() >= bestObjective[0];
                    a.checkpoint(earlier ? best[0] : current[0].bestImages(),
                            earlier ? bestTerms : current[0].bestScalars());
                };
                try (NDManager m = kept.newSubManager();
                     GeneratorSearch search = new GeneratorSearch(a.generator, a.generatorParams, objective, listener, m)) {
                    current[0] = search;
                    try {
                        restart.run(search, m, r);
                    } catch (ArithmeticException e) {
                        boolean earlier = search.bestObjective() >= bestObjective[0];
                        NDArray images = earlier ? best[0] : search.bestImages();
                        String reason = e.getMessage() + "; try another seed or a smaller learning rate";
                        throw new RunFailure(reason, images == null ? null : a.outcome(images,
                                earlier ? bestTerms : search.bestScalars(), a.done(), false, reason, Map.of()));
                    }
                    if (search.bestObjective() < bestObjective[0]) {
                        if (best[0] != null) {
                            best[0].close();
                        }
                        best[0] = search.bestImages().duplicate();
                        best[0].attach(kept);
                        bestObjective[0] = search.bestObjective();
                        bestTerms.clear();
                        bestTerms.putAll(search.bestScalars());
                        bestRestart = r;
                    }
                }
            }
            String note = what + ", " + a.done() + " iterations" + (restarts > 1 ? " over " + restarts + " restarts" : "")
                    + "; lowest objective " + (float) bestObjective[0] + " at restart " + (bestRestart + 1)
                    + ", stage " + bestTerms.getOrDefault("stage", 0.0).intValue();
            return a.outcome(best[0], bestTerms, a.done(), true, note, Map.of("bestRestart", bestRestart + 1));
        }
    }

    /** Kullback–Leibler divergence of N(μ, s²) from N(0, 1), μ and s² over each code's entries, summed over codes (GGL). */
    static NDArray kld(NDArray z) {
        NDArray mean = z.mean(new int[] {1}, true);
        NDArray variance = z.sub(mean).square().mean(new int[] {1});
        NDArray inner = variance.add(1e-10f).log().add(1f).sub(mean.reshape(-1).square()).sub(variance);
        return Scalars.times(inner.sum(), -0.5);
    }

    /** One run's setting: the generator, the observed update, the labels; and how to report and score. */
    final class Attack implements AutoCloseable {

        final RunContext ctx;
        final ParamValues p;
        final ImageBatch truth;
        final Observation observation;
        final DcganGenerator generator;
        final Map<String, NDArray> generatorParams;
        final NDManager root;
        final int[] labels;
        private final NDManager shared;
        private final NDArray targets;
        private final UpdateMatching matching;
        private final IterationDriver driver;
        private NDArray leader;
        private Map<String, Double> leaderTerms;
        private int evaluations;

        Attack(RunContext ctx, Observation observation, ImageBatch truth, DcganGenerator generator, StateDict weights,
               int[] labels, NDManager root) {
            this.ctx = ctx;
            this.p = ctx.section("parameters");
            this.truth = truth;
            this.observation = observation;
            this.generator = generator;
            this.root = root;
            this.labels = labels;
            this.shared = root.newSubManager();
            this.generatorParams = weights.toArrays(shared);
            this.targets = Losses.oneHot(shared, labels, observation.network().numClasses());
            this.matching = new UpdateMatching(observation, target -> distance(p, target), shared);
            this.driver = ctx.driver((done, note) -> outcome(leader, leaderTerms, done, false, note, Map.of()));
        }

        int batch() {
            return observation.batchSize();
        }

        /**
         * The objective of generated {@code images}, made from {@code input} at {@code stage}; with
         * {@code createGraph} differentiable with respect to what made them.
         */
        ObjectiveTerms objective(NDArray images, NDArray input, int stage, boolean createGraph) {
            evaluations++;
            ObjectiveTerms terms = new ObjectiveTerms();
            terms.add(ObjectiveTerms.DISTANCE, matching.distance(
                    (w, x) -> observation.network().forward(w, x, observation.trainMode()), images, targets,
                    createGraph), 1);
            addPriors(p, images, input, stage, terms);
            return terms;
        }

        /** Progress (PSNR/SSIM every {@link AdamGradientAttack#SCORE_EVERY} and at snapshots) for {@code images}. */
        void progress(Map<String, Double> scalars, NDArray images) {
            Map<String, Double> out = new LinkedHashMap<>(scalars);
            if (!driver.snapshotDue() && (driver.done() + 1) % AdamGradientAttack.SCORE_EVERY != 0) {
                driver.completed(out);
                return;
            }
            List<FloatImage> host = host(images);
            BatchScore score = BatchScorer.score(truth.images(), host);
            out.put("psnr", score.psnr());
            out.put("ssim", score.ssim());
            driver.completed(out, () -> AttackOutcomes.matched(host, score));
        }

        /** Between iterations; a cancellation carries the outcome of {@code best}, the images found so far. */
        void checkpoint(NDArray best, Map<String, Double> terms) throws CancelledException {
            leader = best;
            leaderTerms = terms;
            driver.checkpoint();
        }

        /** Iterations done so far, over all restarts. */
        int done() {
            return driver.done();
        }

        /** The outcome of the best images found, their objective's terms and the method's own figures. */
        RunOutcome outcome(NDArray best, Map<String, Double> terms, int done, boolean finished, String note,
                           Map<String, Object> extra) {
            List<FloatImage> recon = host(best);
            BatchScore score = BatchScorer.score(truth.images(), recon);
            Map<String, Object> metrics = AttackOutcomes.metrics(score,
                    terms.getOrDefault(ObjectiveTerms.DISTANCE, Double.NaN), evaluations, truth.labels(), labels);
            terms.forEach((name, value) -> {
                if (!name.equals(ObjectiveTerms.DISTANCE)) {
                    metrics.put(name, value);
                }
            });
            metrics.putAll(extra);
            return new RunOutcome(done, metrics, truth.images(), AttackOutcomes.matched(recon, score), finished, note);
        }

        @Override
        public void close() {
            shared.close();
        }
    }

    /** Images (N, C, H, W) in [0, 1] on the host, clamped against rounding. */
    static List<FloatImage> host(NDArray images) {
        Shape s = images.getShape();
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        float[] pixels = images.toFloatArray();
        int size = c * h * w;
        List<FloatImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] one = new float[size];
            System.arraycopy(pixels, i * size, one, 0, size);
            out.add(new FloatImage(c, h, w, one).clamped());
        }
        return out;
    }
}
