package org.invwb.core.fl;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.nn.TorchScriptModel;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.WeightsException;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.SpecException;

/**
 * The victim side of a run: which images the client holds (spec section {@code data}), which
 * shared model it trains (section {@code model}), which protocol it follows and which defense stands
 * between it and the server (section {@code client}). Everything random here derives from the run's seed.
 * Instead, {@code client.observation} may name a folder a federated round stored ({@link ObservationFile}):
 * the attack then sees what the server received there, and is scored against that client's data.
 *
 * @param batch       the client's private data behind the update (ground truth, never shown to the attack)
 * @param network     the shared architecture
 * @param globalModel the weights the server sent
 * @param defense     what the client does to its update before sending it; null for a stored observation
 * @param training    the protocol the client follows; null for a stored observation
 * @param stored      the stored observation, or null when the client is simulated here
 */
public record ClientScenario(ImageBatch batch, Network network, StateDict globalModel, Defense defense,
                             LocalTraining training, StoredObservation stored) {

    /**
     * What a simulated client sends: one gradient (FedSGD) or the weight difference after local SGD (FedAvg).
     *
     * @param localBatchSize FedAvg's mini-batch, 0 for the whole batch
     * @param trainMode      whether BatchNorm normalises with the batch's statistics (training mode) or with the
     *                       model's running statistics (evaluation mode)
     */
    public record LocalTraining(FederatedSimulation.Protocol protocol, int localSteps, double localLr,
                                int localBatchSize, boolean trainMode) {
    }

    /** client.mode: the model's mode while the client computes its update. */
    public static final String TRAIN_MODE = "train";
    public static final String EVAL_MODE = "eval";

    public static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:photos",
                    "client images: bundled:NAME, an image file or folder, an IDX folder or a CIFAR .bin file"),
            ParamDecl.integer("index", 0, 0, 100_000_000, "position of the batch's first image in the source"),
            ParamDecl.integer("batchSize", 1, 1, 4096, "images in the client's batch"));

    public static final ParamSet MODEL = ParamSet.of(
            ParamDecl.choice("architecture", NetworkZoo.NAMES.get(0), NetworkZoo.NAMES, "shared model architecture"),
            ParamDecl.integer("numClasses", 100, 2, 100_000, "output classes of the shared model")
                    .paper("100 (CIFAR-100, DLG)"),
            ParamDecl.integer("imageSize", 32, 16, 1024, "input height and width; images are resized to it").unit("px"),
            ParamDecl.integer("channels", 3, 1, 3, "input channels: 1 (grey) or 3 (colour)"),
            ParamDecl.integer("width", NetworkZoo.DEFAULT_WIDTH, 0, 4096, "hidden units (mlp), channel multiplier"
                    + " (convnet) or stem channels (resnet18, resnet20); 0 keeps the architecture's default")
                    .paper("64 (convnet, Inverting Gradients)"),
            ParamDecl.text("weights", "", "the model's weights: empty to draw them from the seed; "
                    + WeightSources.accepted() + ". neural-cleanse and smoothinv also take a TorchScript file ("
                    + TorchScriptModel.EXTENSION + ", torch.jit.save), whose module is then the model: architecture"
                    + " and width are not used"));

    /** The defense a client puts in front of its update; shared by the attacks and the federated round. */
    public static final ParamSet DEFENSE = ParamSet.of(
            ParamDecl.choice("defense", NoDefense.NAME, Defenses.NAMES,
                    "what the client does to its update before the server sees it"),
            ParamDecl.real("clipNorm", 1, 1e-6, 1e6, "dp-sgd: L2 norm C each example's gradient is clipped to")
                    .group("dp-sgd").paper("4 (Abadi et al. 2016, MNIST)"),
            ParamDecl.real("noiseMultiplier", 1, 0, 1e3,
                    "dp-sgd: σ; Gaussian noise of standard deviation σ·C is added to the sum of clipped gradients")
                    .group("dp-sgd").paper("2, 4 or 8 (Abadi et al. 2016, MNIST)"),
            ParamDecl.real("pruneFraction", 0.9, 0, 1, "pruning: fraction of the update's entries, smallest in"
                    + " magnitude, set to zero").group("pruning"),
            ParamDecl.integer("bits", 8, 1, 24, "quantisation: bits per entry, uniform levels per tensor,"
                    + " rounded to the nearest").group("quantisation"),
            ParamDecl.real("noiseScale", 1e-2, 0, 1e3, "gaussian-noise: standard deviation; laplacian-noise:"
                    + " scale b").group("noise").paper("variances 1e-4 to 1e-1 (DLG)"),
            ParamDecl.real("dropoutRate", 0.25, 0, 0.95, "dropout: probability p that each unit at each dropout"
                    + " site of the model is dropped while the client computes its update").group("dropout")
                    .paper("0.25 (MLP config of the dropout inversion attack's reference code)"),
            ParamDecl.integer("embeddingDim", 64, 1, 4096, "hyperfl: size of each client's private embedding,"
                    + " the hypernetwork's input").group("hyperfl").paper("64 (HyperFL reference code, --embed_dim)"),
            ParamDecl.integer("hypernetworkHidden", 128, 1, 4096, "hyperfl: hidden ReLU units of the shared"
                    + " hypernetwork").group("hyperfl").paper("128 (HyperFL reference code, --hidden_dim)"),
            ParamDecl.real("headLr", 0.1, 0, 100, "hyperfl: learning rate of the private classifier head, trained"
                    + " one epoch (SGD, momentum 0.5) before the hypernetwork and embedding take the round's local"
                    + " steps at the round's local learning rate").group("hyperfl")
                    .paper("0.1 (HyperFL reference code, --lr_g; the hypernetwork's --lr is 0.01)"));

    /** The defense, the protocol the client follows, or a stored observation to attack instead. */
    public static final ParamSet CLIENT = ParamSet.of(Stream.concat(DEFENSE.decls().stream(), Stream.of(
            ParamDecl.choice("protocol", FederatedSimulation.Protocol.FEDSGD.specName, FederatedSimulation.Protocol.NAMES,
                    "fedsgd: the client sends the gradient of its batch; fedavg: it takes localSteps SGD steps and"
                    + " sends its weights minus the global ones (McMahan et al. 2017)").group("protocol"),
            ParamDecl.integer("localSteps", 1, 1, 100_000, "fedavg: local SGD steps on mini-batches taken in"
                    + " order, wrapping around").group("protocol").paper("5 (Geiping et al. 2020, FedAvg example)"),
            ParamDecl.real("localLr", 1e-4, 0, 100, "fedavg: the client's learning rate").group("protocol")
                    .paper("1e-4 (Geiping et al. 2020, FedAvg example)"),
            ParamDecl.integer("localBatchSize", 0, 0, 4096, "fedavg: examples per local step; 0: the whole batch")
                    .group("protocol"),
            ParamDecl.choice("mode", TRAIN_MODE, List.of(TRAIN_MODE, EVAL_MODE), "the model's mode while the client"
                    + " computes its update: train (BatchNorm on the batch's own statistics) or eval (on the model's"
                    + " running statistics); the attack's dummy pass uses the same").group("protocol")
                    .paper("eval (Inverting Gradients' reference code, model.eval()); train (See through Gradients)"),
            ParamDecl.text("observation", "", "a folder that invwb round stored: attack what the server received"
                    + " there (data, model and the other client fields are then not used); a relative path is"
                    + " read beside the spec file").group("stored"))).toArray(ParamDecl[]::new));

    /** Why a gradient attack cannot run on what a HyperFL client sends. */
    public static final String HYPERFL_REFUSAL = "hyperfl: the server receives only the hypernetwork's update,"
            + " never a gradient or weights of the model the client classifies with (its feature extractor is"
            + " generated from a private embedding, its head stays private); a gradient attack has no model"
            + " gradient to match. Use another defense to attack, or run federated-round to measure HyperFL's utility";

    public static ClientScenario build(ResolvedSpec spec) throws SpecException, DataException {
        String folder = spec.section("client").getString("observation");
        if (!folder.isBlank()) {
            return fromStored(folder);
        }
        if (HyperFlDefense.NAME.equals(spec.section("client").getString("defense"))) {
            throw new SpecException("client.defense", HYPERFL_REFUSAL);
        }
        ParamValues model = spec.section("model");
        int numClasses = model.getInt("numClasses");
        Network network = network(model);
        // Before any image is loaded: a batch that cannot fit is refused with what it would need.
        GradientMemoryEstimate.check(network, spec.section("data").getInt("batchSize"));
        ImageBatch images = clientImages(spec);
        SplittableRandom random = new SplittableRandom(spec.seed());
        long weightSeed = random.nextLong();
        long labelSeed = random.nextLong();
        long defenseSeed = random.nextLong();
        ImageBatch batch = withLabels(images, numClasses, new SplittableRandom(labelSeed));
        ParamValues client = spec.section("client");
        Defense defense = Defenses.create(client, defenseSeed);
        if (defense instanceof DropoutDefense && network.dropoutSites().isEmpty()) {
            throw new SpecException("client.defense", "dropout needs a model with dropout layers (mlp, convnet,"
                    + " lenet-dlg); " + network.name() + " has none");
        }
        LocalTraining training = new LocalTraining(FederatedSimulation.Protocol.of(client.getString("protocol")),
                client.getInt("localSteps"), client.getDouble("localLr"), client.getInt("localBatchSize"),
                TRAIN_MODE.equals(client.getString("mode")));
        if (training.localBatchSize() > batch.count()) {
            throw new SpecException("client.localBatchSize", training.localBatchSize() + " is more than the "
                    + batch.count() + " images of the batch (data.batchSize)");
        }
        return new ClientScenario(batch, network, modelWeights(model, network, weightSeed), defense, training, null);
    }

    /** The architecture a {@link #MODEL} section describes. */
    public static Network network(ParamValues model) throws SpecException {
        try {
            return NetworkZoo.create(model.getString("architecture"), model.getInt("channels"),
                    model.getInt("imageSize"), model.getInt("numClasses"), model.getInt("width"));
        } catch (IllegalArgumentException e) {
            throw new SpecException("model", e.getMessage());
        }
    }

    /** The weights {@code model.weights} names, or, when it names none, weights drawn from {@code seed}. */
    public static StateDict modelWeights(ParamValues model, Network network, long seed) throws SpecException {
        String weights = model.getString("weights");
        if (weights.isEmpty()) {
            return network.initialise(seed);
        }
        try {
            return WeightSources.load(weights, network);
        } catch (WeightsException e) {
            throw new SpecException("model.weights", e.getMessage());
        }
    }

    private static ClientScenario fromStored(String folder) throws SpecException {
        StoredObservation stored;
        try {
            stored = ObservationFile.load(Path.of(folder));
        } catch (IOException | InvalidPathException e) {
            throw new SpecException("client.observation", e.getMessage());
        }
        Observation o = stored.observation();
        return new ClientScenario(storedTruth(folder, o.network().numClasses()), o.network(), o.globalModel(), null,
                null, stored);
    }

    /** The victim's data kept beside a stored observation, for scoring only. */
    private static ImageBatch storedTruth(String folder, int numClasses) throws SpecException {
        try {
            return ObservationFile.loadTruth(Path.of(folder), numClasses);
        } catch (IOException | InvalidPathException e) {
            throw new SpecException("client.observation", e.getMessage());
        }
    }

    /** Whether {@code method} reads its victim from the {@code data}, {@code model} and {@code client} sections declared here. */
    public static boolean usedBy(MethodDescriptor method) {
        return method.sections().get("data") == DATA && method.sections().get("model") == MODEL
                && method.sections().get("client") == CLIENT;
    }

    /**
     * The client's batch as {@link #build} picks it (converted and resized to the model's input, labels as
     * stored): the ground truth a viewer can show while the attack runs. Plain Java; no engine needed.
     */
    public static ImageBatch clientImages(ResolvedSpec spec) throws SpecException, DataException {
        ParamValues data = spec.section("data");
        ParamValues model = spec.section("model");
        String folder = spec.section("client").getString("observation");
        if (!folder.isBlank()) {
            return storedTruth(folder, model.getInt("numClasses"));
        }
        int channels = model.getInt("channels");
        if (channels == 2) {
            throw new SpecException("model.channels", "2 is not allowed; use 1 (grey) or 3 (colour)");
        }
        int size = model.getInt("imageSize");
        String source = data.getString("source");
        ImageBatch all = ImageSources.load(source, channels, size, size);
        int index = data.getInt("index");
        int batchSize = data.getInt("batchSize");
        if ((long) index + batchSize > all.count()) {
            throw new SpecException("data.batchSize", batchSize + " images from index " + index + " need "
                    + ((long) index + batchSize) + ", but " + source + " holds " + all.count());
        }
        int[] picked = new int[batchSize];
        for (int i = 0; i < batchSize; i++) {
            picked[i] = index + i;
        }
        return all.subset(picked);
    }

    /** Unlabelled images (photographs) get labels drawn from the seed; given labels must fit the model. */
    private static ImageBatch withLabels(ImageBatch batch, int numClasses, SplittableRandom random)
            throws SpecException {
        int[] labels = new int[batch.count()];
        for (int i = 0; i < labels.length; i++) {
            if (batch.labeled()) {
                labels[i] = batch.labels()[i];
                if (labels[i] >= numClasses) {
                    throw new SpecException("model.numClasses", "the data has label " + labels[i]
                            + ", so the model needs more than " + numClasses + " classes");
                }
            } else {
                labels[i] = random.nextInt(numClasses);
            }
        }
        List<String> names = batch.labeled() ? batch.classNames() : List.of();
        return new ImageBatch(batch.pixels(), batch.count(), batch.channels(), batch.height(), batch.width(),
                labels, Math.max(numClasses, batch.numClasses()), names);
    }

    /**
     * What the server observes: the stored observation, or what this client sends under its protocol, behind
     * its defense. Compute thread only.
     */
    public Observation observation() {
        if (stored != null) {
            return stored.observation();
        }
        return switch (training.protocol()) {
            case FEDSGD -> defense.fedSgd(network, globalModel, batch, training.trainMode());
            case FEDAVG -> defense.fedAvg(network, globalModel, batch, training.localSteps(), training.localLr(),
                    training.localBatchSize() == 0 ? batch.count() : training.localBatchSize(), training.trainMode());
        };
    }

    /**
     * For the run report: the client's defense and what it reports (the privacy spent), and for a stored
     * observation where it came from. Call after {@link #observation()}, so that the privacy spent is counted.
     */
    public Map<String, Object> reportEntries() {
        Map<String, Object> out = new LinkedHashMap<>();
        if (stored == null) {
            out.put("defense", defense.name());
            out.putAll(defense.report());
            return out;
        }
        out.put("defense", stored.defense());
        out.putAll(stored.defenseReport());
        out.put("observedClient", stored.client());
        out.put("observedRound", stored.round());
        out.put("secureAggregation", stored.secureAggregation());
        return out;
    }
}
