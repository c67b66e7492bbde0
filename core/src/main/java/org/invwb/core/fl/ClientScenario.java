package org.invwb.core.fl;

import java.util.List;
import java.util.SplittableRandom;
import org.invwb.core.data.DataException;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.NetworkZoo;
import org.invwb.core.nn.StateDict;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.SpecException;

/**
 * The victim side of a run: which images the client holds (spec section {@code data}), which
 * shared model it trains (section {@code model}) and which defense stands between it and the server
 * (section {@code client}). Everything random here derives from the run's seed.
 *
 * @param batch       the client's private batch (ground truth, never shown to the attack)
 * @param network     the shared architecture
 * @param globalModel the weights the server sent
 * @param defense     what the client does to its update before sending it
 */
public record ClientScenario(ImageBatch batch, Network network, StateDict globalModel, Defense defense) {

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
                    .paper("64 (convnet, Inverting Gradients)"));

    public static final ParamSet CLIENT = ParamSet.of(
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
                    .paper("0.25 (MLP config of the dropout inversion attack's reference code)"));

    public static ClientScenario build(ResolvedSpec spec) throws SpecException, DataException {
        ParamValues model = spec.section("model");
        int channels = model.getInt("channels");
        int size = model.getInt("imageSize");
        int numClasses = model.getInt("numClasses");
        ImageBatch images = clientImages(spec);
        SplittableRandom random = new SplittableRandom(spec.seed());
        long weightSeed = random.nextLong();
        long labelSeed = random.nextLong();
        long defenseSeed = random.nextLong();
        ImageBatch batch = withLabels(images, numClasses, new SplittableRandom(labelSeed));
        Network network;
        try {
            network = NetworkZoo.create(model.getString("architecture"), channels, size, numClasses, model.getInt("width"));
        } catch (IllegalArgumentException e) {
            throw new SpecException("model", e.getMessage());
        }
        Defense defense = Defenses.create(spec.section("client"), defenseSeed);
        if (defense instanceof DropoutDefense && network.dropoutSites().isEmpty()) {
            throw new SpecException("client.defense", "dropout needs a model with dropout layers (mlp, convnet,"
                    + " lenet-dlg); " + network.name() + " has none");
        }
        return new ClientScenario(batch, network, network.initialise(weightSeed), defense);
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

    /** What the server observes when this client runs one FedSGD step behind its defense. Compute thread only. */
    public Observation fedSgdObservation() {
        return defense.fedSgd(network, globalModel, batch);
    }
}
