package org.invwb.core.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.nn.Evaluation;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.Network;
import org.invwb.core.nn.StateDict;

/**
 * Federated training round by round (McMahan et al., "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", AISTATS 2017): each round the server picks a fraction of the
 * clients, sends them the global model, each computes its update on its own data and sends it through
 * its defense, and the server averages the updates weighted by the clients' example counts.
 *
 * <ul>
 *   <li>FedSGD: one gradient on the client's data (or a random local batch); w ← w − serverLr·mean.</li>
 *   <li>FedAvg: E local epochs, or S local steps, of SGD on mini-batches of the client's data, reshuffled
 *       every round; the client sends its weights minus the global ones; w ← w + mean.</li>
 * </ul>
 *
 * <p>With secure aggregation each client sends its weighted update n_k/Σn·Δ_k masked by pairwise masks
 * ({@link SecureAggregation}); the server only ever holds the masked updates and their exact sum.
 * One client at one round is the victim: what the server received from it is kept as an {@link Observation},
 * with the data behind it kept apart for scoring. Everything runs on the compute thread, host-side between
 * clients, so memory stays flat over the rounds.
 */
public final class FederatedSimulation {

    public enum Protocol {
        FEDSGD("fedsgd"), FEDAVG("fedavg");

        /** The names a spec uses for the protocols. */
        public static final List<String> NAMES = Arrays.stream(values()).map(p -> p.specName).toList();

        public final String specName;

        Protocol(String specName) {
            this.specName = specName;
        }

        public static Protocol of(String specName) {
            for (Protocol p : values()) {
                if (p.specName.equals(specName)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown protocol \"" + specName + "\"; use fedsgd or fedavg");
        }
    }

    /**
     * @param localEpochs    FedAvg: passes over the local data, used when {@code localSteps} is 0
     * @param localSteps     FedAvg: local SGD steps (0: {@code localEpochs} epochs)
     * @param localBatchSize mini-batch size B (FedAvg) or FedSGD's local batch; 0: all of the client's data
     * @param serverLr       FedSGD's server learning rate
     * @param victimClient   the client whose update is kept, 0-based
     * @param victimRound    the round it is kept at, 1-based; the server makes sure the victim takes part
     */
    public record Settings(int clients, int rounds, double clientFraction, Protocol protocol, int localEpochs,
                           int localSteps, double localLr, int localBatchSize, double serverLr,
                           boolean secureAggregation, int victimClient, int victimRound) {

        public Settings {
            if (clients < 1 || rounds < 1 || !(clientFraction > 0 && clientFraction <= 1) || localEpochs < 1
                    || localSteps < 0 || localBatchSize < 0 || !(localLr >= 0) || !(serverLr >= 0)) {
                throw new IllegalArgumentException("bad federation settings");
            }
            if (victimClient < 0 || victimClient >= clients) {
                throw new IllegalArgumentException("victimClient " + victimClient + " is not among the clients 0.."
                        + (clients - 1));
            }
            if (victimRound < 1 || victimRound > rounds) {
                throw new IllegalArgumentException("victimRound " + victimRound + " is not among the rounds 1.." + rounds);
            }
        }

        /** Clients per round: m = max(C·K, 1), rounded. */
        public int perRound() {
            return Math.max(1, (int) Math.round(clientFraction * clients));
        }
    }

    /** One round's figures; {@code epsilon} is NaN unless the clients run DP-SGD. */
    public record RoundResult(int round, double testAccuracy, double meanUpdateNorm, double epsilon) {
    }

    /**
     * What the server received from the victim, and (kept apart, never for an attack) the data behind it.
     *
     * @param observation       exactly what the server saw: under secure aggregation the masked update
     * @param truth             the victim's examples behind the update, for scoring only
     * @param secureAggregation whether the update is masked
     */
    public record Victim(Observation observation, ImageBatch truth, int client, int round, String defense,
                         Map<String, Object> defenseReport, boolean secureAggregation) {
    }

    private final Network network;
    private final ImageBatch train;
    private final int[][] partition;
    private final ImageBatch test;
    private final Settings settings;
    private final Defense[] defenses;
    private final SplittableRandom random;
    // a stream of its own, so that masking draws nothing from the stream that picks clients and batches
    private final SplittableRandom maskSeeds;
    private StateDict globalModel;
    private int round;
    private Victim victim;

    /**
     * @param partition indices into {@code train}, one array per client
     * @param defenseOf the defense of client k, made once per client (its noise and privacy spent are its own)
     */
    public FederatedSimulation(Network network, StateDict initial, ImageBatch train, int[][] partition,
                               ImageBatch test, Settings settings, IntFunction<Defense> defenseOf, long seed) {
        if (partition.length != settings.clients()) {
            throw new IllegalArgumentException(partition.length + " parts for " + settings.clients() + " clients");
        }
        if (settings.secureAggregation() && settings.perRound() < 2) {
            throw new IllegalArgumentException("secure aggregation needs at least two clients per round, but "
                    + settings.clientFraction() + " of " + settings.clients() + " clients is " + settings.perRound());
        }
        this.network = network;
        this.globalModel = initial;
        this.train = train;
        this.partition = partition;
        this.test = test;
        this.settings = settings;
        this.defenses = new Defense[settings.clients()];
        for (int k = 0; k < defenses.length; k++) {
            defenses[k] = defenseOf.apply(k);
        }
        this.random = new SplittableRandom(seed);
        this.maskSeeds = random.split();
    }

    public StateDict globalModel() {
        return globalModel;
    }

    public int roundsDone() {
        return round;
    }

    /** The victim's observation, once its round has run. */
    public Optional<Victim> victim() {
        return Optional.ofNullable(victim);
    }

    /** Runs the next round and evaluates the new global model on the test set. Compute thread. */
    public RoundResult nextRound() {
        if (round == settings.rounds()) {
            throw new IllegalStateException("all " + settings.rounds() + " rounds have run");
        }
        round++;
        int[] selected = select();
        List<Observation> sent = new ArrayList<>(selected.length);
        List<ImageBatch> used = new ArrayList<>(selected.length);
        double normSum = 0;
        for (int k : selected) {
            ImageBatch data = localData(partition[k]);
            Observation o = switch (settings.protocol()) {
                case FEDSGD -> defenses[k].fedSgd(network, globalModel, data);
                case FEDAVG -> defenses[k].fedAvg(network, globalModel, data, localSteps(data.count()),
                        settings.localLr(), batchSize(data.count()));
            };
            sent.add(o);
            used.add(data);
            normSum += Math.sqrt(DpSgdDefense.squaredNorm(o.update()));
        }
        StateDict mean = aggregate(selected, sent, used);
        double scale = settings.protocol() == Protocol.FEDSGD ? -settings.serverLr() : 1;
        globalModel = step(globalModel, mean, scale);
        return new RoundResult(round, testAccuracy(), normSum / selected.length, epsilonSpent());
    }

    /**
     * The global model's test accuracy; under HyperFL, where the global model is the hypernetwork and every client
     * classifies with its own generated extractor and private head, the mean over the clients of their own models'.
     */
    public double testAccuracy() {
        if (!(defenses[0] instanceof HyperFlDefense)) {
            return Evaluation.accuracy(network, globalModel, test);
        }
        double sum = 0;
        for (Defense d : defenses) {
            sum += ((HyperFlDefense) d).accuracy(network, globalModel, test);
        }
        return sum / defenses.length;
    }

    /** The most privacy any client has spent so far, or NaN when the clients do not run DP-SGD. */
    public double epsilonSpent() {
        double eps = Double.NaN;
        for (Defense d : defenses) {
            if (d instanceof DpSgdDefense dp) {
                eps = Double.isNaN(eps) ? dp.epsilonSpent() : Math.max(eps, dp.epsilonSpent());
            }
        }
        return eps;
    }

    /** The weighted mean of the updates: in the clear, or as the sum of weighted, masked updates. */
    private StateDict aggregate(int[] selected, List<Observation> sent, List<ImageBatch> used) {
        int[] sizes = sent.stream().mapToInt(Observation::batchSize).toArray();
        int victimAt = round == settings.victimRound() ? indexOf(selected, settings.victimClient()) : -1;
        if (!settings.secureAggregation()) {
            if (victimAt >= 0) {
                keepVictim(sent.get(victimAt), used.get(victimAt));
            }
            return FedAvgServer.weightedMean(sent.stream().map(Observation::update).toList(), sizes);
        }
        double total = Arrays.stream(sizes).sum();
        SecureAggregation session = new SecureAggregation(selected.length, maskSeeds.nextLong());
        List<SecureAggregation.MaskedUpdate> masked = new ArrayList<>(selected.length);
        for (int i = 0; i < selected.length; i++) {
            StateDict weighted = step(null, sent.get(i).update(), sizes[i] / total);
            requireInRange(weighted, selected.length);
            masked.add(session.mask(i, weighted));
        }
        if (victimAt >= 0) {
            keepVictim(sent.get(victimAt).withUpdate(masked.get(victimAt).asNumbers()), used.get(victimAt));
        }
        return session.sum(masked);
    }

    /**
     * The fixed-point words wrap silently beyond ±{@link SecureAggregation#LIMIT}; refuse rather than aggregate
     * garbage. With every one of the m weighted entries below LIMIT/m, neither an entry nor the sum wraps.
     */
    private void requireInRange(StateDict weighted, int clients) {
        double bound = SecureAggregation.LIMIT / clients;
        for (Map.Entry<String, HostTensor> e : weighted.tensors().entrySet()) {
            for (float v : e.getValue().data()) {
                if (!(Math.abs(v) < bound)) {
                    throw new IllegalStateException("round " + round + ": an update entry of " + e.getKey() + " is "
                            + v + ", beyond what secure aggregation's fixed point can sum over " + clients
                            + " clients (±" + bound + "); training has diverged: lower the learning rate");
                }
            }
        }
    }

    private void keepVictim(Observation seen, ImageBatch truth) {
        Defense d = defenses[settings.victimClient()];
        victim = new Victim(seen, truth, settings.victimClient(), round, d.name(), d.report(),
                settings.secureAggregation());
    }

    /** m clients drawn without replacement; in the victim's round the server makes sure the victim is among them. */
    private int[] select() {
        int m = settings.perRound();
        int[] order = new int[settings.clients()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = 0; i < m; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] selected = Arrays.copyOf(order, m);
        if (round == settings.victimRound() && indexOf(selected, settings.victimClient()) < 0) {
            selected[random.nextInt(m)] = settings.victimClient();
        }
        Arrays.sort(selected);
        return selected;
    }

    /**
     * The client's examples this round: FedSGD takes a random local batch (or everything), FedAvg its data
     * reshuffled, cut to the examples its local steps reach.
     */
    private ImageBatch localData(int[] part) {
        int[] shuffled = part.clone();
        for (int i = shuffled.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = shuffled[i];
            shuffled[i] = shuffled[j];
            shuffled[j] = t;
        }
        int n = part.length;
        long reached = settings.protocol() == Protocol.FEDSGD ? batchSize(n)
                : (long) localSteps(n) * batchSize(n);
        return train.subset(Arrays.copyOf(shuffled, (int) Math.min(n, reached)));
    }

    private int batchSize(int examples) {
        int b = settings.localBatchSize();
        return b == 0 ? examples : Math.min(b, examples);
    }

    /** S, or E epochs of ⌈n/B⌉ mini-batches. */
    private int localSteps(int examples) {
        if (settings.localSteps() > 0) {
            return settings.localSteps();
        }
        int b = batchSize(examples);
        return settings.localEpochs() * ((examples + b - 1) / b);
    }

    /** w + a·u over the tensors of u (w null: a·u); buffers of w are kept as they are. */
    private static StateDict step(StateDict w, StateDict u, double a) {
        Map<String, HostTensor> out = w == null ? new LinkedHashMap<>() : new LinkedHashMap<>(w.tensors());
        u.tensors().forEach((name, t) -> {
            float[] v = new float[t.size()];
            float[] base = w == null ? null : w.get(name).data();
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) ((base == null ? 0 : base[i]) + a * t.data()[i]);
            }
            out.put(name, new HostTensor(t.shape(), v));
        });
        return new StateDict(out);
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }
}
