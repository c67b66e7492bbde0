package org.invwb.core.attack.gradient;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.attack.gan.GeneratorSearch;
import org.invwb.core.engine.Scalars;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.optim.CmaEs;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;

/**
 * Generative Gradient Leakage (Li, Zhang, Wang and Chen, "Auditing Privacy Defenses in Federated
 * Learning via Generative Gradient Leakage", CVPR 2022): the client's images are sought as G(z) for a
 * GAN trained on public data, z chosen so that the update of G(z), under the labels read off the
 * gradient, matches the observed one. The reference searches z without gradients, by CMA-ES
 * ({@link CmaEs}, its default), with the code squashed by tanh; a KL term pulls an unsquashed code
 * towards the N(0, I) prior. Adam on z ({@link GeneratorSearch}) is the reference's alternative.
 * Defaults are those of the authors' {@code reconstructor.py} ({@code NGReconstructor},
 * {@code AdamReconstructor}).
 */
public final class Ggl extends GanGradientAttack {

    public static final String NAME = "ggl";

    static final ParamDecl OPTIMIZER = ParamDecl.choice("optimizer", "cma-es", List.of("cma-es", "adam"),
            "how z is searched: CMA-ES, derivative-free, or Adam on the gradient through G")
            .paper("cma-es (NGReconstructor, strategy 'CMA'); Adam and Bayesian optimisation as alternatives");
    static final ParamDecl EVALUATIONS = ParamDecl.integer("evaluations", 25_000, 1, 10_000_000,
            "cma-es: objective evaluations, whole generations (the last one may overrun)").group("cma-es")
            .paper("25,000: 500 rounds of 50 samples (NGReconstructor budget=500, num_samples=50)");
    static final ParamDecl POPULATION = ParamDecl.integer("population", 0, 0, 100_000,
            "cma-es: λ, points per generation; 0 for Hansen's default 4 + ⌊3 ln n⌋ (n: entries of z)")
            .group("cma-es").paper("nevergrad's CMA default, 4 + ⌊3 ln n⌋ = 17 for a 100-entry code");
    static final ParamDecl SIGMA = ParamDecl.real("sigma", 1, 1e-6, 1e3,
            "cma-es: initial step size σ₀; the start is uniform in [0, 1) per entry").group("cma-es")
            .paper("1 (nevergrad CMA's initial scale; start np.random.rand)");
    static final ParamDecl ITERATIONS = ParamDecl.integer("iterations", 2500, 1, 1_000_000,
            "adam: steps on z per restart, from z ~ N(0, I)").group("adam").paper("2,500 (AdamReconstructor budget)");
    static final ParamDecl LR = ParamDecl.real("lr", 0.1, 1e-8, 100, "adam: learning rate").group("adam")
            .paper("0.1, with a cosine ramp down over the last quarter that is not reproduced here");
    static final ParamDecl LATENT_MAP = ParamDecl.choice("latentMap", "tanh", List.of("tanh", "identity"),
            "what the generator is fed: tanh(z), a code in (−1, 1), or z itself").paper("tanh (use_tanh=True)");
    static final ParamDecl KLD = ParamDecl.real("kld", 0.1, 0, 1e6,
            "weight of the KL divergence of z's entries from N(0, 1); used with latentMap identity only, as in"
            + " the reference").paper("0.1, only with use_tanh=False");
    static final ParamDecl DISTANCE = ParamDecl.choice("distance", "l2", List.of("l2", "cosine"),
            "gradient distance: squared L2 summed over layers and divided by their number, or Inverting"
            + " Gradients' cosine").paper("l2 (metric='l2', dist /= len(gradient))");
    static final ParamDecl ADAPTIVE = ParamDecl.bool("adaptive", true,
            "against a pruned update, prune the dummy update alike (its largest entries, as many as the observed"
            + " update has non-zero) before comparing").paper("true: the reference mirrors compression (and"
            + " clipping, noise) on the trial gradient, estimating the pruning rate from the observed update");
    static final ParamDecl RESTARTS = ParamDecl.integer("restarts", 1, 1, 10_000,
            "independent searches from different starts; the one with the lowest objective is kept").paper("1");
    static final ParamDecl LABELS = LabelStrategy.param(LabelStrategy.AUTO, List.of(LabelStrategy.values()),
            "the last layer's most negative row (infer_label), i.e. idlg");

    public static final ParamSet PARAMETERS = ParamSet.of(OPTIMIZER, EVALUATIONS, POPULATION, SIGMA, ITERATIONS, LR,
            LATENT_MAP, KLD, DISTANCE, ADAPTIVE, RESTARTS, LABELS);

    /**
     * Per restart, adam: its iterations; cma-es: whole generations of λ points until the evaluations are
     * spent. The default λ depends on the code's size, the client's batch (data.batchSize; a stored
     * observation's own batch may differ) times the latent's.
     */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        long perRestart;
        if (p.getString("optimizer").equals("adam")) {
            perRestart = p.getInt("iterations");
        } else {
            int lambda = p.getInt("population") > 0 ? p.getInt("population")
                    : CmaEs.defaultPopulation(spec.section("data").getInt("batchSize") * spec.section("gan").getInt("latent"));
            perRestart = (p.getInt("evaluations") + lambda - 1) / lambda;
        }
        return PlannedIterations.capped(perRestart * p.getInt("restarts"));
    };

    @Override
    GradientDistance distance(ParamValues p, List<NDArray> target) {
        GradientDistance distance;
        if (p.getString("distance").equals("cosine")) {
            distance = GradientDistance.cosine(target);
        } else {
            GradientDistance l2 = GradientDistance.squaredL2(target);
            distance = dummy -> Scalars.dividedBy(l2.between(dummy), target.size());
        }
        return p.getBoolean("adaptive") ? PrunedMatching.of(distance, target) : distance;
    }

    @Override
    void addPriors(ParamValues p, NDArray images, NDArray input, int stage, ObjectiveTerms terms) {
        if (stage == 0 && !tanh(p) && p.getDouble("kld") > 0) {
            terms.add("kld", kld(input), p.getDouble("kld"));
        }
    }

    private static boolean tanh(ParamValues p) {
        return p.getString("latentMap").equals("tanh");
    }

    @Override
    RunOutcome search(Attack a) throws Exception {
        return a.p.getString("optimizer").equals("adam") ? adam(a) : cma(a);
    }

    /** The start codes of every restart, one after another, from the seed's stream apart from the client's. */
    private static double[] starts(Attack a, int size, boolean uniform) {
        if (!uniform) {
            return DummyStart.gaussian(size, a.ctx.spec().seed());
        }
        SplittableRandom random = new SplittableRandom(a.ctx.spec().seed()).split().split();
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = random.nextDouble();
        }
        return out;
    }

    private RunOutcome cma(Attack a) throws Exception {
        ParamValues p = a.p;
        int restarts = p.getInt("restarts");
        int budget = p.getInt("evaluations");
        Shape codeShape = new Shape(a.batch(), a.generator.latentSize());
        int n = (int) codeShape.size();
        double[] starts = starts(a, n * restarts, true);
        UnaryOperator<NDArray> map = tanh(p) ? NDArray::tanh : null;
        StagingBuffer staging = new StagingBuffer();
        double[] best = null;
        double bestValue = Double.POSITIVE_INFINITY;
        Map<String, Double> bestTerms = Map.of();
        int bestRestart = 0;
        int generations = 0;
        for (int r = 0; r < restarts; r++) {
            double[] start = new double[n];
            System.arraycopy(starts, r * n, start, 0, n);
            CmaEs cma = new CmaEs(start, p.getDouble("sigma"), p.getInt("population"), a.ctx.spec().seed() + r);
            while (cma.evaluations() < budget) {
                double[][] points = cma.ask();
                double[] values = new double[points.length];
                for (int k = 0; k < points.length; k++) {
                    try (NDManager m = a.root.newSubManager(); NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray code = staging.upload(m, points[k], 0, codeShape);
                        NDArray input = map == null ? code : map.apply(code);
                        NDArray images = a.generator.generate(a.generatorParams, input);
                        Map<String, Double> terms = a.objective(images, input, 0, false).scalars();
                        values[k] = terms.get("objective");
                        if (!Double.isFinite(values[k])) {
                            String reason = "the objective became " + values[k] + " at generation " + (generations + 1);
                            throw new RunFailure(reason, best == null ? null
                                    : outcomeOf(a, best, codeShape, map, bestTerms, generations, false, reason, bestRestart));
                        }
                        if (values[k] < bestValue) {
                            bestValue = values[k];
                            best = points[k].clone();
                            bestTerms = terms;
                            bestRestart = r;
                        }
                    }
                }
                cma.tell(values);
                generations++;
                try (NDManager m = a.root.newSubManager(); NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray images = images(a, m, staging, best, codeShape, map);
                    Map<String, Double> scalars = new LinkedHashMap<>(bestTerms);
                    scalars.put("sigma", cma.sigma());
                    scalars.put("restart", (double) r + 1);
                    a.progress(scalars, images);
                    a.checkpoint(images, bestTerms);
                }
            }
        }
        String note = "CMA-ES, " + generations + " generations" + (restarts > 1 ? " over " + restarts + " restarts" : "")
                + "; lowest objective " + (float) bestValue + " at restart " + (bestRestart + 1);
        return outcomeOf(a, best, codeShape, map, bestTerms, generations, true, note, bestRestart);
    }

    private static NDArray images(Attack a, NDManager m, StagingBuffer staging, double[] code, Shape shape,
                                  UnaryOperator<NDArray> map) {
        NDArray z = staging.upload(m, code, 0, shape);
        return a.generator.generate(a.generatorParams, map == null ? z : map.apply(z));
    }

    private static RunOutcome outcomeOf(Attack a, double[] best, Shape shape, UnaryOperator<NDArray> map,
                                        Map<String, Double> terms, int done, boolean finished, String note, int restart) {
        try (NDManager m = a.root.newSubManager(); NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray images = images(a, m, new StagingBuffer(), best, shape, map);
            return a.outcome(images, terms, done, finished, note, Map.of("bestRestart", restart + 1));
        }
    }

    private RunOutcome adam(Attack a) throws Exception {
        ParamValues p = a.p;
        int restarts = p.getInt("restarts");
        Shape codeShape = new Shape(a.batch(), a.generator.latentSize());
        double[] starts = starts(a, (int) codeShape.size() * restarts, false);
        GeneratorSearch.Phase phase = new GeneratorSearch.Phase("adam", p.getDouble("lr"), 0, p.getInt("iterations"));
        StagingBuffer staging = new StagingBuffer();
        return bestOfRestarts(a, restarts, (search, m, r) -> search.searchLatent(
                staging.upload(m, starts, r * (int) codeShape.size(), codeShape), phase, 0,
                tanh(p) ? NDArray::tanh : null), "Adam on z");
    }
}
