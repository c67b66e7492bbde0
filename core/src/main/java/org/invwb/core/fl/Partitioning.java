package org.invwb.core.fl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a training set is split among federated clients. Every split is a deterministic function of
 * its seed and uses every example exactly once; each client's part is a list of indices into the set.
 *
 * <ul>
 *   <li>{@code iid}: the examples shuffled and dealt out in equal shares (sizes differ by at most one).</li>
 *   <li>{@code by-class}: the pathological non-IID split of McMahan et al. (AISTATS 2017): the examples
 *       sorted by label and cut into shards, {@code classesPerClient} shards per client. Shards are cut
 *       inside each class (each class gets shards in proportion to its size), so a shard never straddles
 *       two classes and a client holds at most {@code classesPerClient} classes.</li>
 *   <li>{@code dirichlet}: Hsu, Qi and Brown (arXiv 1909.06335, 2019): for each class, the proportions
 *       going to each client are drawn from Dir(α); small α gives each client few classes, large α
 *       approaches the IID split. Draws that leave a client empty are repeated.</li>
 * </ul>
 */
public final class Partitioning {

    public static final String IID = "iid";
    public static final String BY_CLASS = "by-class";
    public static final String DIRICHLET = "dirichlet";
    public static final List<String> NAMES = List.of(IID, BY_CLASS, DIRICHLET);

    /** Dirichlet draws tried before giving up on a split that leaves no client empty. */
    static final int DIRICHLET_TRIES = 1000;

    private Partitioning() {
    }

    /** The examples shuffled, then dealt out in contiguous equal shares. */
    public static int[][] iid(int examples, int clients, long seed) {
        requireEnough(examples, clients);
        int[] order = shuffled(identity(examples), new SplittableRandom(seed));
        int[][] parts = new int[clients][];
        for (int k = 0; k < clients; k++) {
            int from = (int) ((long) examples * k / clients);
            int to = (int) ((long) examples * (k + 1) / clients);
            parts[k] = Arrays.copyOfRange(order, from, to);
        }
        return parts;
    }

    /** McMahan et al.'s shards: {@code classesPerClient} single-class shards per client. */
    public static int[][] byClass(int[] labels, int clients, int classesPerClient, long seed) {
        requireEnough(labels.length, clients);
        if (classesPerClient < 1) {
            throw new IllegalArgumentException("classesPerClient must be at least 1, got " + classesPerClient);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> byLabel = byLabel(labels, random);
        int shards = clients * classesPerClient;
        if (shards < byLabel.size()) {
            throw new IllegalArgumentException(clients + " clients × " + classesPerClient + " classes per client make "
                    + shards + " shards, fewer than the " + byLabel.size() + " classes in the data: every example"
                    + " must go to some client, so raise clients or classesPerClient");
        }
        if (shards > labels.length) {
            throw new IllegalArgumentException(clients + " clients × " + classesPerClient + " classes per client make "
                    + shards + " shards, more than the " + labels.length + " examples");
        }
        int[] perClass = shardsPerClass(byLabel, shards, labels.length);
        List<int[]> all = new ArrayList<>(shards);
        for (int c = 0; c < byLabel.size(); c++) {
            int[] members = byLabel.get(c);
            for (int s = 0; s < perClass[c]; s++) {
                int from = (int) ((long) members.length * s / perClass[c]);
                int to = (int) ((long) members.length * (s + 1) / perClass[c]);
                all.add(Arrays.copyOfRange(members, from, to));
            }
        }
        int[] order = shuffled(identity(shards), random);
        int[][] parts = new int[clients][];
        for (int k = 0; k < clients; k++) {
            List<int[]> mine = new ArrayList<>();
            for (int j = 0; j < classesPerClient; j++) {
                mine.add(all.get(order[k * classesPerClient + j]));
            }
            parts[k] = concat(mine);
        }
        return parts;
    }

    /** Hsu et al.'s split: for every class, Dir(α) proportions over the clients, cut at their cumulative sums. */
    public static int[][] dirichlet(int[] labels, int clients, double alpha, long seed) {
        requireEnough(labels.length, clients);
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> byLabel = byLabel(labels, random);
        for (int attempt = 0; attempt < DIRICHLET_TRIES; attempt++) {
            List<List<int[]>> pieces = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                pieces.add(new ArrayList<>());
            }
            for (int[] members : byLabel) {
                double[] p = Sampling.dirichlet(alpha, clients, random);
                double cumulative = 0;
                int from = 0;
                for (int k = 0; k < clients; k++) {
                    cumulative += p[k];
                    int to = k == clients - 1 ? members.length : (int) Math.min(members.length,
                            Math.round(cumulative * members.length));
                    to = Math.max(to, from);
                    pieces.get(k).add(Arrays.copyOfRange(members, from, to));
                    from = to;
                }
            }
            int[][] parts = new int[clients][];
            boolean empty = false;
            for (int k = 0; k < clients; k++) {
                parts[k] = concat(pieces.get(k));
                empty |= parts[k].length == 0;
            }
            if (!empty) {
                return parts;
            }
        }
        throw new IllegalArgumentException("Dirichlet α = " + alpha + " left some of the " + clients + " clients"
                + " without data in " + DIRICHLET_TRIES + " draws; raise alpha or lower the number of clients");
    }

    private static void requireEnough(int examples, int clients) {
        if (clients < 1) {
            throw new IllegalArgumentException("need at least one client, got " + clients);
        }
        if (clients > examples) {
            throw new IllegalArgumentException(clients + " clients need at least one example each, but there are only "
                    + examples + " examples");
        }
    }

    /** Indices of each label present, in label order, each list shuffled. */
    private static List<int[]> byLabel(int[] labels, SplittableRandom random) {
        int max = Arrays.stream(labels).max().orElse(-1);
        int[] counts = new int[max + 1];
        for (int l : labels) {
            if (l < 0) {
                throw new IllegalArgumentException("labels must be non-negative, got " + l);
            }
            counts[l]++;
        }
        List<int[]> out = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            if (counts[c] == 0) {
                continue;
            }
            int[] members = new int[counts[c]];
            int at = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members[at++] = i;
                }
            }
            out.add(shuffled(members, random));
        }
        return out;
    }

    /** Shards per class in proportion to its size (largest remainders), at least one, at most its size. */
    private static int[] shardsPerClass(List<int[]> byLabel, int shards, int examples) {
        int classes = byLabel.size();
        int[] out = new int[classes];
        double[] remainder = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double exact = (double) shards * byLabel.get(c).length / examples;
            out[c] = Math.max(1, Math.min(byLabel.get(c).length, (int) Math.floor(exact)));
            remainder[c] = exact - out[c];
            given += out[c];
        }
        while (given != shards) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                boolean can = given < shards ? out[c] < byLabel.get(c).length : out[c] > 1;
                if (can && (best < 0 || (given < shards ? remainder[c] > remainder[best] : remainder[c] < remainder[best]))) {
                    best = c;
                }
            }
            int step = given < shards ? 1 : -1;
            out[best] += step;
            remainder[best] -= step;
            given += step;
        }
        return out;
    }

    private static int[] identity(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** A Fisher–Yates shuffle of a copy of {@code a}. */
    private static int[] shuffled(int[] a, SplittableRandom random) {
        int[] out = a.clone();
        for (int i = out.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    private static int[] concat(List<int[]> pieces) {
        int n = pieces.stream().mapToInt(p -> p.length).sum();
        int[] out = new int[n];
        int at = 0;
        for (int[] p : pieces) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
