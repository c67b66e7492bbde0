package org.invwb.core.fl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.LabelledImages;
import org.invwb.core.data.ImageSources;
import org.invwb.core.fl.FederatedSimulation.Protocol;
import org.invwb.core.fl.FederatedSimulation.RoundResult;
import org.invwb.core.fl.FederatedSimulation.Settings;
import org.invwb.core.fl.FederatedSimulation.Victim;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.Log;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.SpecException;

/**
 * The method {@value #NAME}: federated training of a shared model over partitioned clients
 * ({@link FederatedSimulation}), reporting the test accuracy after every round, so that a defense's cost in
 * utility stands beside its protection. At the victim's round it stores what the server received from the
 * victim as an observation folder ({@link ObservationFile}) inside the run folder, for attacks to read.
 * Each round is one iteration of the run. Under {@code client.defense = hyperfl} ({@link HyperFlDefense}) the global
 * model is the shared hypernetwork, and the accuracy per round is the mean of the clients' own models.
 */
public final class FederatedRound implements InversionMethod {

    public static final String NAME = "federated-round";
    private static final String MCMAHAN = "McMahan et al. 2017";

    public static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:fashion-mnist-train", "labelled training images shared out among the"
                    + " clients: bundled:NAME, an image folder with one sub-folder per class, an IDX folder or a"
                    + " CIFAR .bin file"),
            ParamDecl.text("testSource", "bundled:fashion-mnist-test",
                    "labelled images the global model is evaluated on after every round"),
            ParamDecl.integer("trainImages", 0, 0, 100_000_000,
                    "training images used, the first ones of the source (0: all)"),
            ParamDecl.integer("testImages", 0, 0, 100_000_000, "test images used, the first ones (0: all)"));

    public static final ParamSet FEDERATION = ParamSet.of(
            ParamDecl.integer("clients", 100, 1, 1_000_000, "clients K the training images are shared out among")
                    .paper("100 (" + MCMAHAN + ")"),
            ParamDecl.choice("partition", Partitioning.IID, Partitioning.NAMES, "iid: shuffled equal shares;"
                    + " by-class: sorted by label and cut into shards, classesPerClient per client (McMahan et al.);"
                    + " dirichlet: per class, shares over the clients drawn from Dir(alpha) (Hsu et al. 2019)"),
            ParamDecl.real("alpha", 0.5, 1e-3, 1e6, "dirichlet: concentration α; small values give each client few"
                    + " classes, large ones approach iid").group("dirichlet").paper("0.05 to 100 (Hsu et al. 2019)"),
            ParamDecl.integer("classesPerClient", 2, 1, 1000, "by-class: single-class shards per client")
                    .group("by-class").paper("2 (" + MCMAHAN + ", pathological non-IID)"),
            ParamDecl.integer("rounds", 10, 1, 1_000_000, "communication rounds"),
            ParamDecl.real("clientFraction", 0.1, 1e-6, 1, "fraction C of the clients picked each round;"
                    + " m = max(C·K, 1) rounded").paper("0.1 (" + MCMAHAN + ")"),
            ParamDecl.choice("protocol", Protocol.FEDAVG.specName, Protocol.NAMES,
                    "fedsgd: each client sends one gradient; fedavg: local SGD, then the weight difference"),
            ParamDecl.integer("localEpochs", 1, 1, 10_000, "fedavg: passes E over the local data per round (used"
                    + " when localSteps is 0)").group("fedavg").paper("1, 5 or 20 (" + MCMAHAN + ")"),
            ParamDecl.integer("localSteps", 0, 0, 1_000_000, "fedavg: local SGD steps per round instead of epochs"
                    + " (0: localEpochs epochs of ⌈n/B⌉ steps)").group("fedavg"),
            ParamDecl.real("localLr", 0.1, 0, 100, "fedavg: the clients' learning rate η").group("fedavg"),
            ParamDecl.integer("localBatchSize", 10, 0, 1_000_000, "fedavg: local mini-batch B; fedsgd: the local"
                    + " batch the gradient is taken on; 0: all the client's data (B = ∞)")
                    .paper("10 for FedAvg, ∞ for FedSGD (" + MCMAHAN + ")"),
            ParamDecl.real("serverLr", 0.1, 0, 100, "fedsgd: the server's step w ← w − serverLr·mean gradient")
                    .group("fedsgd"),
            ParamDecl.bool("secureAggregation", false, "pairwise masks (Bonawitz et al. 2017): the server sees only"
                    + " masked updates and their sum; needs at least two clients per round"),
            ParamDecl.integer("victimClient", 0, 0, 1_000_000,
                    "the client whose update the server stores as the observation (0-based)").group("victim"),
            ParamDecl.integer("victimRound", 1, 1, 1_000_000,
                    "the round it is stored at; the server makes sure the victim takes part").group("victim"));

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues data = ctx.section("data");
        ParamValues model = ctx.section("model");
        ParamValues fed = ctx.section("federation");
        Settings settings = settings(fed);
        int channels = model.getInt("channels");
        if (channels == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        int size = model.getInt("imageSize");
        ImageBatch train = LabelledImages.load(data, "source", "trainImages", channels, size, model.getInt("numClasses"),
                "federated training");
        ImageBatch test = LabelledImages.load(data, "testSource", "testImages", channels, size,
                model.getInt("numClasses"), "federated training");
        Network network = ClientScenario.network(model);
        if (!network.bufferNames().isEmpty()) {
            // clients train on batch statistics, but nothing would move the global running statistics that the
            // eval-mode test accuracy uses, so the accuracy per round would mislead
            throw new SpecException("model.architecture", network.name() + " has BatchNorm running statistics,"
                    + " which the federated round does not aggregate yet; use mlp or lenet-dlg");
        }
        SplittableRandom seeds = new SplittableRandom(ctx.spec().seed());
        long weightSeed = seeds.nextLong();
        int[][] parts = partition(fed, train, seeds.nextLong());
        long simulationSeed = seeds.nextLong();
        SplittableRandom defenseSeeds = new SplittableRandom(seeds.nextLong());
        ParamValues client = ctx.section("client");
        boolean hyperFl = HyperFlDefense.NAME.equals(client.getString("defense"));
        if (hyperFl && !model.getString("weights").isEmpty()) {
            throw new SpecException("model.weights", "hyperfl generates the model's weights from each client's"
                    + " embedding; leave model.weights empty");
        }
        // under HyperFL the global model is the hypernetwork
        StateDict initial = hyperFl ? new HyperNetwork(network, client.getInt("embeddingDim"),
                client.getInt("hypernetworkHidden")).initialise(weightSeed)
                : ClientScenario.modelWeights(model, network, weightSeed);
        FederatedSimulation sim = new FederatedSimulation(network, initial, train, parts, test,
                settings, k -> Defenses.create(client, defenseSeeds.nextLong()), simulationSeed);

        List<Double> accuracy = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            try {
                ctx.control().checkpoint();
            } catch (CancelledException e) {
                throw new CancelledException(outcome(sim, accuracy, false, "cancelled after " + (round - 1) + " rounds"));
            }
            RoundResult r;
            try {
                r = sim.nextRound();
            } catch (IllegalStateException e) {
                throw new RunFailure(e.getMessage(), outcome(sim, accuracy, false, e.getMessage()));
            }
            if (!Double.isFinite(r.meanUpdateNorm())) {
                String reason = "the updates became " + r.meanUpdateNorm() + " at round " + round
                        + ": training diverged; lower federation.localLr or federation.serverLr";
                throw new RunFailure(reason, outcome(sim, accuracy, false, reason));
            }
            accuracy.add(r.testAccuracy());
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("testAccuracy", r.testAccuracy());
            scalars.put("meanUpdateNorm", r.meanUpdateNorm());
            if (!Double.isNaN(r.epsilon())) {
                scalars.put("epsilon", r.epsilon());
            }
            ctx.events().accept(new Progress(round, scalars));
            if (round == settings.victimRound()) {
                storeVictim(ctx, sim.victim().orElseThrow(), model);
            }
        }
        return outcome(sim, accuracy, true, "trained " + settings.rounds() + " rounds; final test accuracy "
                + String.format("%.3f", accuracy.get(accuracy.size() - 1)));
    }

    private static void storeVictim(RunContext ctx, Victim v, ParamValues model) {
        StoredObservation stored = new StoredObservation(v.observation(), model.getString("architecture"),
                model.getInt("width"), v.defense(), v.defenseReport(), v.secureAggregation(), v.client(), v.round());
        ObservationFile.artifacts(stored, v.truth()).forEach(ctx.events()::accept);
        ctx.events().accept(new Log(Log.Level.INFO, "stored what the server received from client " + v.client()
                + " at round " + v.round() + " (" + v.truth().count() + " examples)"
                + (v.secureAggregation() ? "; secure aggregation: the stored update is the masked one" : "")));
    }

    private static RunOutcome outcome(FederatedSimulation sim, List<Double> accuracy, boolean done, String note) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rounds", accuracy.size());
        if (!accuracy.isEmpty()) {
            m.put("finalAccuracy", accuracy.get(accuracy.size() - 1));
        }
        m.put("accuracyPerRound", List.copyOf(accuracy));
        if (!Double.isNaN(sim.epsilonSpent())) {
            m.put("epsilon", sim.epsilonSpent());
            m.put("delta", DpSgdDefense.DELTA);
        }
        sim.victim().ifPresent(v -> {
            Map<String, Object> victim = new LinkedHashMap<>();
            victim.put("client", v.client());
            victim.put("round", v.round());
            victim.put("examples", v.truth().count());
            victim.put("kind", v.observation().kind().name());
            victim.put("defense", v.defense());
            victim.put("defenseReport", v.defenseReport());
            victim.put("secureAggregation", v.secureAggregation());
            victim.put("files", List.of(ObservationFile.METADATA, ObservationFile.TENSORS, ObservationFile.TRUTH));
            if (v.observation().sharesHypernetwork()) {
                victim.put("note", "hyperfl: the stored update is the hypernetwork's; it holds no gradient or weights"
                        + " of the model the client classifies with, so gradient attacks refuse it");
            }
            if (v.secureAggregation()) {
                victim.put("note", "with secure aggregation the server holds only the masked update, which alone"
                        + " is uniformly random; the observation stores exactly that");
            }
            m.put("observation", victim);
        });
        return new RunOutcome(accuracy.size(), m, List.of(), List.of(), done, note);
    }

    private static Settings settings(ParamValues fed) throws SpecException {
        int clients = fed.getInt("clients");
        int rounds = fed.getInt("rounds");
        if (fed.getInt("victimClient") >= clients) {
            throw new SpecException("federation.victimClient", fed.getInt("victimClient") + " is not among the "
                    + clients + " clients (0.." + (clients - 1) + ")");
        }
        if (fed.getInt("victimRound") > rounds) {
            throw new SpecException("federation.victimRound", fed.getInt("victimRound") + " is after the last of the "
                    + rounds + " rounds");
        }
        Settings s = new Settings(clients, rounds, fed.getDouble("clientFraction"),
                Protocol.of(fed.getString("protocol")), fed.getInt("localEpochs"), fed.getInt("localSteps"),
                fed.getDouble("localLr"), fed.getInt("localBatchSize"), fed.getDouble("serverLr"),
                fed.getBoolean("secureAggregation"), fed.getInt("victimClient"), fed.getInt("victimRound"));
        if (s.secureAggregation() && s.perRound() < 2) {
            throw new SpecException("federation.secureAggregation", "needs at least two clients per round, but"
                    + " clientFraction " + s.clientFraction() + " of " + clients + " clients picks " + s.perRound()
                    + "; raise federation.clientFraction or federation.clients");
        }
        return s;
    }

    private static int[][] partition(ParamValues fed, ImageBatch train, long seed) throws SpecException {
        String how = fed.getString("partition");
        int clients = fed.getInt("clients");
        if (clients > train.count()) {
            throw new SpecException("federation.clients", clients + " clients need at least one image each, but"
                    + " there are " + train.count() + " training images");
        }
        try {
            return switch (how) {
                case Partitioning.IID -> Partitioning.iid(train.count(), clients, seed);
                case Partitioning.BY_CLASS -> Partitioning.byClass(train.labels(), clients,
                        fed.getInt("classesPerClient"), seed);
                case Partitioning.DIRICHLET -> Partitioning.dirichlet(train.labels(), clients, fed.getDouble("alpha"), seed);
                default -> throw new IllegalArgumentException("unknown partition " + how);
            };
        } catch (IllegalArgumentException e) {
            String field = how.equals(Partitioning.DIRICHLET) ? "federation.alpha" : "federation.classesPerClient";
            throw new SpecException(field, e.getMessage());
        }
    }

}
