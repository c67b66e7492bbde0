package org.invwb.core.fl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.Autograd;
import org.invwb.core.engine.StagingBuffer;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Losses;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;
import org.invwb.core.optim.Sgd;

/**
 * A HyperFL client (Guo et al., AAAI 2025): it keeps a private embedding and a private classifier head; the
 * shared {@link HyperNetwork} generates its feature extractor from the embedding, and only the hypernetwork's
 * parameters ever leave the client. The global model of a HyperFL federation is the hypernetwork.
 *
 * <p>FedAvg round, as {@code LocalUpdate_HyperFL.local_training} of the reference code: first one epoch of SGD
 * on the head alone (the generated extractor fixed) at {@code headLr}, then the local steps of SGD on the
 * hypernetwork and the embedding together at the round's learning rate, each group's gradient clipped to norm
 * {@value #CLIP_NORM}; both with momentum {@value #MOMENTUM} and weight decay {@value #WEIGHT_DECAY}, the
 * optimisers made afresh each round. The client sends its hypernetwork minus the global one.
 * FedSGD: it sends the hypernetwork's gradient on its batch and steps its embedding and head privately by
 * plain SGD at {@code headLr}. The reference's defaults: hypernetwork rate 0.01 ({@code --lr}), head rate 0.1
 * ({@code --lr_g}), momentum 0.5, 5 local epochs of mini-batches of 16, embedding 64, hidden layer 128.
 */
public final class HyperFlDefense implements Defense {

    public static final String NAME = "hyperfl";
    static final double MOMENTUM = 0.5;
    static final double WEIGHT_DECAY = 5e-4;
    static final double CLIP_NORM = 50;

    private final int embeddingDim;
    private final int hidden;
    private final double headLr;
    private final long seed;
    private HyperNetwork hyper;
    private HostTensor embedding;
    private Map<String, HostTensor> head;

    public HyperFlDefense(int embeddingDim, int hidden, double headLr, long seed) {
        this.embeddingDim = embeddingDim;
        this.hidden = hidden;
        this.headLr = headLr;
        this.seed = seed;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The hypernetwork a federation of such clients shares over {@code target}. */
    public HyperNetwork hypernetwork(Network target) {
        if (hyper == null) {
            hyper = new HyperNetwork(target, embeddingDim, hidden);
            // private state: embedding N(0, 1) as nn.Embedding, head as the target network initialises it
            SplittableRandom random = new SplittableRandom(seed);
            float[] e = new float[embeddingDim];
            for (int i = 0; i < e.length; i++) {
                e[i] = (float) random.nextGaussian();
            }
            embedding = new HostTensor(new long[] {embeddingDim}, e);
            StateDict init = target.initialise(random.nextLong());
            head = new LinkedHashMap<>();
            hyper.headNames().forEach(n -> head.put(n, init.get(n)));
        }
        return hyper;
    }

    /** The client's own model: the extractor generated from its embedding by {@code hypernet}, and its head. */
    public StateDict personalModel(Network target, StateDict hypernet) {
        HyperNetwork h = hypernetwork(target);
        try (NDManager m = NDManager.newBaseManager()) {
            LinkedHashMap<String, NDArray> generated = h.generate(hypernet.toArrays(m), embedding.toArray(m));
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (String name : target.parameterShapes().keySet()) {
                out.put(name, generated.containsKey(name) ? HostTensor.of(generated.get(name)) : head.get(name));
            }
            return new StateDict(out);
        }
    }

    /** Accuracy of the client's own model on {@code test}. */
    public double accuracy(Network target, StateDict hypernet, ImageBatch test) {
        return Evaluation.accuracy(target, personalModel(target, hypernet), test);
    }

    /** The mode is not used: attacks refuse HyperFL, and its rounds train as its reference code does. */
    @Override
    public Observation fedSgd(Network network, StateDict globalModel, ImageBatch batch, boolean trainMode) {
        HyperNetwork h = hypernetwork(network);
        try (NDManager m = NDManager.newBaseManager()) {
            Tensors t = new Tensors(m, globalModel);
            List<NDArray> all = new ArrayList<>(t.hyper);
            all.add(t.embedding);
            all.addAll(t.head);
            List<NDArray> grads = gradients(network, h, t, all, batch);
            int k = t.hyper.size();
            LinkedHashMap<String, NDArray> sent = new LinkedHashMap<>();
            for (int i = 0; i < k; i++) {
                sent.put(t.hyperNames.get(i), grads.get(i));
            }
            new Sgd(m, headLr, 0, 0, false).step(all.subList(k, all.size()), grads.subList(k, grads.size()));
            t.keepPrivate();
            return new Observation(network, globalModel, StateDict.of(sent), batch.count(), true);
        }
    }

    @Override
    public Observation fedAvg(Network network, StateDict globalModel, ImageBatch data, int localSteps,
                              double learningRate, int localBatchSize, boolean trainMode) {
        if (localSteps < 1 || localBatchSize < 1 || localBatchSize > data.count()) {
            throw new IllegalArgumentException("need localSteps >= 1 and 1 <= localBatchSize <= " + data.count());
        }
        HyperNetwork h = hypernetwork(network);
        try (NDManager m = NDManager.newBaseManager()) {
            Tensors t = new Tensors(m, globalModel);
            Sgd headSgd = new Sgd(m, headLr, MOMENTUM, WEIGHT_DECAY, false);
            int epoch = (data.count() + localBatchSize - 1) / localBatchSize;
            for (int step = 0; step < epoch; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    headSgd.step(t.head, gradients(network, h, t, t.head, miniBatch(data, step, localBatchSize)));
                }
            }
            Sgd sgd = new Sgd(m, learningRate, MOMENTUM, WEIGHT_DECAY, false);
            List<NDArray> shared = new ArrayList<>(t.hyper);
            shared.add(t.embedding);
            for (int step = 0; step < localSteps; step++) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    List<NDArray> grads = new ArrayList<>(
                            gradients(network, h, t, shared, miniBatch(data, step, localBatchSize)));
                    int k = t.hyper.size();
                    clipInPlace(grads.subList(0, k));
                    clipInPlace(grads.subList(k, k + 1));
                    sgd.step(shared, grads);
                }
            }
            t.keepPrivate();
            Map<String, HostTensor> difference = new LinkedHashMap<>();
            for (int i = 0; i < t.hyper.size(); i++) {
                String name = t.hyperNames.get(i);
                HostTensor after = HostTensor.of(t.hyper.get(i));
                float[] d = new float[after.size()];
                float[] before = globalModel.get(name).data();
                for (int j = 0; j < d.length; j++) {
                    d[j] = after.data()[j] - before[j];
                }
                difference.put(name, new HostTensor(after.shape(), d));
            }
            return new Observation(network, globalModel, new StateDict(difference), UpdateKind.WEIGHT_DIFFERENCE,
                    data.count(), true, localSteps, learningRate, localBatchSize);
        }
    }

    /** The hypernetwork's, the embedding's and the head's arrays for one round, in one manager. */
    private final class Tensors {
        final List<String> hyperNames;
        final List<NDArray> hyper;
        final NDArray embedding;
        final List<NDArray> head;

        Tensors(NDManager m, StateDict globalModel) {
            LinkedHashMap<String, NDArray> g = globalModel.toArrays(m);
            hyperNames = List.copyOf(g.keySet());
            hyper = List.copyOf(g.values());
            embedding = HyperFlDefense.this.embedding.toArray(m);
            head = HyperFlDefense.this.hyper.headNames().stream()
                    .map(n -> HyperFlDefense.this.head.get(n).toArray(m)).toList();
        }

        /** Copies the trained embedding and head back to the client's host state. */
        void keepPrivate() {
            HyperFlDefense.this.embedding = HostTensor.of(embedding);
            List<String> names = HyperFlDefense.this.hyper.headNames();
            for (int i = 0; i < names.size(); i++) {
                HyperFlDefense.this.head.put(names.get(i), HostTensor.of(head.get(i)));
            }
        }
    }

    /**
     * Gradients of the mean cross-entropy on {@code batch} for {@code wrt} (arrays among the round's tensors),
     * taken at fresh leaves that share their storage; the others enter as constants.
     */
    private static List<NDArray> gradients(Network network, HyperNetwork h, Tensors t, List<NDArray> wrt,
                                           ImageBatch batch) {
        NDManager pass = t.embedding.getManager().newSubManager();
        Map<NDArray, NDArray> leaf = new java.util.IdentityHashMap<>();
        for (NDArray p : wrt) {
            NDArray l = p.stopGradient();
            l.attach(pass);
            l.setRequiresGradient(true);
            leaf.put(p, l);
        }
        Map<String, NDArray> hyperParams = new LinkedHashMap<>();
        for (int i = 0; i < t.hyper.size(); i++) {
            hyperParams.put(t.hyperNames.get(i), leaf.getOrDefault(t.hyper.get(i), t.hyper.get(i)));
        }
        NDArray e = leaf.getOrDefault(t.embedding, t.embedding);
        Map<String, NDArray> params = new LinkedHashMap<>(h.generate(hyperParams, e));
        for (int i = 0; i < t.head.size(); i++) {
            params.put(h.headNames().get(i), leaf.getOrDefault(t.head.get(i), t.head.get(i)));
        }
        NDArray input = StagingBuffer.uploadOnThisThread(pass, batch.pixels(),
                new Shape(batch.count(), batch.channels(), batch.height(), batch.width()));
        NDArray logits = network.forward(params, input, true);
        NDArray loss = Losses.softCrossEntropy(logits, Losses.oneHot(pass, batch.labels(), network.numClasses()));
        List<NDArray> grads = Autograd.grad(loss, wrt.stream().map(leaf::get).toList(), false);
        List<NDArray> out = new ArrayList<>();
        for (NDArray g : grads) {
            NDArray kept = g.duplicate();
            kept.attach(t.embedding.getManager());
            out.add(kept);
        }
        pass.close();
        return out;
    }

    /** torch.nn.utils.clip_grad_norm_ over one group: scaled by C/(‖g‖ + 1e-6) when ‖g‖ exceeds C. */
    private static void clipInPlace(List<NDArray> grads) {
        double sq = 0;
        for (NDArray g : grads) {
            sq += g.square().sum().getFloat();
        }
        double norm = Math.sqrt(sq);
        double factor = CLIP_NORM / (norm + 1e-6);
        if (factor < 1) {
            grads.forEach(g -> g.muli(factor));
        }
    }

    /** Mini-batch {@code step}: examples taken in order, wrapping around, as {@link FedAvgClient}. */
    private static ImageBatch miniBatch(ImageBatch data, int step, int size) {
        int[] picked = new int[size];
        for (int i = 0; i < size; i++) {
            picked[i] = (step * size + i) % data.count();
        }
        return data.subset(picked);
    }

    @Override
    public Map<String, Object> report() {
        return hyper == null ? Map.of() : Map.of("sharedParameters", "hypernetwork only",
                "embeddingDim", embeddingDim, "hypernetworkHidden", hidden);
    }
}
