package org.invwb.core.attack.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.attack.gan.GeneratorSearch;
import org.invwb.core.data.FloatImage;
import org.invwb.core.engine.ComputeEngine;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.IterationDriver;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.PlannedIterations;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * Model inversion through a GAN trained on public data, searched for images the target classifier calls
 * the target class ({@link GeneratorSearch}): the objective is priorWeight·(−D(G(z))), the critic's
 * verdict that the image looks real, plus identityWeight·the target's identity loss for the class.
 *
 * <p>{@code gmi} (Zhang et al., "The Secret Revealer", CVPR 2020; after the reference's MNIST recovery
 * script): the latent z alone, SGD with Nesterov momentum 0.9 (the reference's hand-written update is
 * exactly that), lr 0.01, 1500 iterations, z clipped to [−1, 1], λ_i = 100; several restarts from fresh
 * N(0, I) codes, keeping per image the restart whose result the target gives the highest logit for
 * the class. Unlike the reference, each restart keeps its lowest-objective iterate rather than its last.
 *
 * <p>{@code if-gmi} (Qiu et al., "A Closer Look at GAN Priors: Exploiting Intermediate Features for
 * Enhanced Model Inversion Attacks", ECCV 2024): GMI's latent search, then the feature maps entering the
 * generator's blocks in turn, each kept within an L1 ball around where its stage started, with Adam
 * (the reference's optimizer). The reference inverts StyleGAN2 with the Poincaré identity loss and no
 * discriminator term, and also moves w within an L1 ball during the feature stages; here one objective
 * runs through all stages (so that the best iterate compares across them), the latent stays where its
 * stage left it, and the DCGAN has three feature stages.
 */
final class GanPriorInversion implements InversionMethod {

    static final String GMI = "gmi";
    static final String IF_GMI = "if-gmi";

    private static ParamDecl[] shared() {
        return new ParamDecl[] {
            TargetClasses.DECL,
            ParamDecl.integer("imagesPerClass", 1, 1, 10_000, "reconstructions per target class, searched together"
                    + " as one batch").paper("1 (one per identity)"),
            ParamDecl.integer("restarts", 5, 1, 1000, "searches from fresh random codes; each image keeps the one"
                    + " the target scores highest for its class").paper("5 (random seeds 0–4)"),
            ParamDecl.choice("identityLoss", IdentityLoss.CROSS_ENTROPY, IdentityLoss.NAMES, "the target"
                    + " classifier's loss for the class: cross-entropy (GMI) or the Poincaré loss (PPA, IF-GMI)")
                    .group("objective").paper("cross-entropy (GMI); poincare (IF-GMI)"),
            ParamDecl.real("identityWeight", 100, 0, 1e9, "λ_i: weight of the identity loss").group("objective")
                    .paper("100 (GMI)"),
            ParamDecl.real("priorWeight", 1, 0, 1e9, "weight of the prior term −D(G(z)), the discriminator's"
                    + " (critic's) score of the image").group("objective")
                    .paper("1 (GMI); 0 (IF-GMI discriminator_loss_weight)"),
            ParamDecl.choice("optimizer", "sgd-nesterov", GeneratorSearch.OPTIMIZERS, "optimizer of the latent"
                    + " search").group("latent").paper("sgd-nesterov (GMI's hand-written momentum update)"),
            ParamDecl.real("lr", 0.01, 0, 1e3, "learning rate of the latent search").group("latent")
                    .paper("0.01 (GMI, MNIST)"),
            ParamDecl.real("momentum", 0.9, 0, 0.9999, "momentum of the latent search (SGD only)").group("latent")
                    .paper("0.9"),
            ParamDecl.integer("iterations", 1500, 1, 10_000_000, "latent iterations per restart").group("latent")
                    .paper("1500"),
            ParamDecl.real("clip", 1, 0, 1e3, "z is clipped to [−clip, clip] after every step; 0 for no clip")
                    .group("latent").paper("1"),
        };
    }

    static final ParamSet GMI_PARAMETERS = ParamSet.of(shared());

    static final ParamSet IF_GMI_PARAMETERS = ParamSet.of(java.util.stream.Stream.concat(
            Arrays.stream(shared()), java.util.stream.Stream.of(
                    ParamDecl.text("radii", "500,600,700", "L1 radius of each feature stage's ball, stage 1 first (at"
                            + " most " + DcganGenerator.STAGES + " stages: the maps entering the two up-sampling"
                            + " blocks and the output convolution)").group("features")
                            .paper("500,600,700,800 (max_radius_mid_vecor, StyleGAN2 layers)"),
                    ParamDecl.integer("featureIterations", 50, 1, 10_000_000, "iterations of each feature stage")
                            .group("features").paper("70, 60, 50, 40 (steps of w, then of each layer)"),
                    ParamDecl.real("featureLr", 0.005, 0, 1e3, "Adam's learning rate in the feature stages")
                            .group("features").paper("0.005 (Adam; the reference's betas 0.1, 0.1 are not used)")))
            .toArray(ParamDecl[]::new));

    /** Every restart: the latent's iterations, then, for if-gmi, featureIterations per radius (feature stage). */
    static final PlannedIterations PLAN = spec -> {
        ParamValues p = spec.section("parameters");
        long perRestart = p.getInt("iterations");
        if (p.params().find("radii") != null) {
            perRestart += (long) p.getString("radii").split(",").length * p.getInt("featureIterations");
        }
        return PlannedIterations.capped(perRestart * p.getInt("restarts"));
    };

    private final boolean features;

    GanPriorInversion(boolean features) {
        this.features = features;
    }

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        InversionSetup setup = InversionSetup.load(ctx);
        ParamValues p = ctx.section("parameters");
        ParamValues ganSection = ctx.section("gan");
        Dcgan gan = GanModelSpec.networks(ganSection);
        Network target = setup.target().network();
        DcganGenerator generator = gan.generator();
        Shape imageShape = new Shape(generator.channels(), generator.imageSize(), generator.imageSize());
        if (!imageShape.equals(target.inputShape())) {
            throw new SpecException("gan.imageSize", "the generator makes " + imageShape + " images but the target"
                    + " takes " + target.inputShape() + "; set gan.channels and gan.imageSize to the model's");
        }
        SplittableRandom random = new SplittableRandom(ctx.spec().seed());
        StateDict ganWeights = GanModelSpec.weights(ganSection, gan, random.nextLong());
        double[] radii = features ? radii(p.getString("radii")) : null;
        if (p.getString("optimizer").equals("sgd-nesterov") && p.getDouble("momentum") == 0) {
            throw new SpecException("parameters.momentum", "sgd-nesterov needs a momentum above 0 (GMI: 0.9)");
        }
        int[] labels = setup.repeated(p.getInt("imagesPerClass"));
        GeneratorSearch.Phase latent = new GeneratorSearch.Phase(p.getString("optimizer"), p.getDouble("lr"),
                p.getDouble("momentum"), p.getInt("iterations"));
        GeneratorSearch.Phase featurePhase = features
                ? new GeneratorSearch.Phase("adam", p.getDouble("featureLr"), 0, p.getInt("featureIterations")) : null;
        Selection kept = new Selection(labels.length);
        int restarts = p.getInt("restarts");
        IterationDriver driver = ctx.driver((done, note) -> outcome(setup, labels, kept, done, note));
        try (NDManager root = NDManager.newBaseManager(ComputeEngine.device(ctx.device()))) {
            Map<String, NDArray> g = Dcgan.generatorPart(ganWeights).toArrays(root);
            Map<String, NDArray> d = Dcgan.discriminatorPart(ganWeights).toArrays(root);
            Map<String, NDArray> t = setup.target().weights().toArrays(root);
            NDArray oneHot = Losses.oneHot(root, labels, target.numClasses());
            String identityLoss = p.getString("identityLoss");
            double identityWeight = p.getDouble("identityWeight");
            double priorWeight = p.getDouble("priorWeight");
            GeneratorSearch.Objective objective = images -> {
                ObjectiveTerms terms = new ObjectiveTerms();
                terms.add("identity", IdentityLoss.of(identityLoss, target.forward(t, images, false), oneHot),
                        identityWeight);
                terms.add("prior", gan.discriminator().score(d, images).mean().neg(), priorWeight);
                return terms;
            };
            SplittableRandom codes = random.split();
            for (int r = 0; r < restarts; r++) {
                int restart = r;
                driver.where("in restart " + (r + 1));
                GeneratorSearch.Listener listener = (i, scalars, images) -> {
                    driver.checkpoint();
                    Map<String, Double> shown = new LinkedHashMap<>(scalars);
                    shown.put("restart", (double) restart);
                    driver.completed(shown, () -> images(images));
                };
                try (GeneratorSearch search = new GeneratorSearch(generator, g, objective, listener, root)) {
                    try {
                        search.searchLatent(start(root, codes, labels.length, generator.latentSize()), latent,
                                p.getDouble("clip"));
                        if (features) {
                            search.searchFeatures(radii, featurePhase);
                        }
                    } catch (ArithmeticException e) {
                        throw driver.failure(e.getMessage() + " (restart " + (r + 1) + ")");
                    }
                    NDArray best = search.bestImages();
                    kept.offer(images(best), target.forward(t, best, false).toFloatArray(), labels, target.numClasses(),
                            search.bestScalars());
                    ctx.events().accept(new Log(Log.Level.INFO, String.format(Locale.ROOT, "restart %d: objective"
                            + " %.4f, identity %.4f, prior %.4f (stage %d)", r + 1, search.bestObjective(),
                            search.bestScalars().get("identity"), search.bestScalars().get("prior"),
                            search.bestStage())));
                }
            }
        }
        return outcome(setup, labels, kept, driver.done(), null);
    }

    /** N(0, I) codes from the run's seed. */
    private static NDArray start(NDManager m, SplittableRandom random, int n, int latent) {
        float[] z = new float[n * latent];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) random.nextGaussian();
        }
        return StagingBuffer.uploadOnThisThread(m, z, new Shape(n, latent));
    }

    private static double[] radii(String text) throws SpecException {
        String[] parts = text.split(",");
        if (text.isBlank() || parts.length > DcganGenerator.STAGES) {
            throw new SpecException("parameters.radii", "give 1 to " + DcganGenerator.STAGES + " radii, stage 1"
                    + " first, e.g. 500,600,700; got \"" + text + "\"");
        }
        double[] out = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Double.parseDouble(parts[i].strip());
            } catch (NumberFormatException e) {
                out[i] = Double.NaN;
            }
            if (!(out[i] >= 0)) {
                throw new SpecException("parameters.radii", "\"" + parts[i].strip() + "\" is not a radius of at least 0");
            }
        }
        return out;
    }

    static List<FloatImage> images(NDArray batch) {
        Shape s = batch.getShape();
        int n = (int) s.get(0);
        int size = (int) (s.size() / n);
        float[] all = batch.toFloatArray();
        List<FloatImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new FloatImage((int) s.get(1), (int) s.get(2), (int) s.get(3),
                    Arrays.copyOfRange(all, i * size, (i + 1) * size)).clamped());
        }
        return out;
    }

    private static RunOutcome outcome(InversionSetup setup, int[] labels, Selection kept, int iterations,
                                      String note) {
        if (!kept.complete()) {
            return new RunOutcome(iterations, Map.of(), List.of(), List.of(), false, note);
        }
        InversionScore score = setup.scorer().score(kept.images(), labels);
        Map<String, Object> metrics = new LinkedHashMap<>(score.metrics());
        metrics.put("targetLogits", kept.logits());
        metrics.put("restarts", kept.restarts());
        return new RunOutcome(iterations, metrics, score.nearestImages(), kept.images(), note == null, note);
    }

    /** Per image, the restart whose result the target gives the highest logit for its class (GMI's choice). */
    private static final class Selection {
        private final FloatImage[] images;
        private final double[] logits;
        private final List<Map<String, Double>> restarts = new ArrayList<>();

        Selection(int n) {
            images = new FloatImage[n];
            logits = new double[n];
            Arrays.fill(logits, Double.NEGATIVE_INFINITY);
        }

        void offer(List<FloatImage> candidates, float[] allLogits, int[] labels, int classes,
                   Map<String, Double> scalars) {
            for (int i = 0; i < labels.length; i++) {
                double logit = allLogits[i * classes + labels[i]];
                if (logit > logits[i]) {
                    logits[i] = logit;
                    images[i] = candidates.get(i);
                }
            }
            restarts.add(scalars);
        }

        boolean complete() {
            return images.length > 0 && images[images.length - 1] != null;
        }

        List<FloatImage> images() {
            return List.of(images);
        }

        double[] logits() {
            return logits.clone();
        }

        List<Map<String, Double>> restarts() {
            return restarts;
        }
    }
}
