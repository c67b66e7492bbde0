package org.invwb.core.fl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.invwb.core.nn.HostTensor;
import org.invwb.core.nn.StateDict;

/**
 * Secure aggregation with pairwise masks (Bonawitz et al., CCS 2017, without the dropout recovery):
 * each update is encoded in 32-bit fixed point, and for every pair of clients i &lt; j a mask m_ij
 * drawn uniformly from Z_(2^32) by a seed the pair shares is added by i and subtracted by j. Integer
 * arithmetic wraps modulo 2^32, so the masks cancel exactly in the sum, while each masked update on
 * its own is uniformly distributed and says nothing about the client's update.
 *
 * <p>The pair seeds stand in for the key agreement of the protocol: here they derive from one session seed.
 */
public final class SecureAggregation {

    /** Fractional bits of the fixed-point encoding: resolution 2^-20 ≈ 1e-6, sums up to ±2048. */
    public static final int FRACTION_BITS = 20;
    private static final double ONE = 1 << FRACTION_BITS;
    /** The largest magnitude a word, and so a sum, holds: 2^(31 − FRACTION_BITS) = 2048. */
    public static final double LIMIT = Math.pow(2, 31 - FRACTION_BITS);

    private final int clients;
    private final long sessionSeed;

    public SecureAggregation(int clients, long sessionSeed) {
        if (clients < 2) {
            throw new IllegalArgumentException("secure aggregation needs at least two clients, got " + clients);
        }
        this.clients = clients;
        this.sessionSeed = sessionSeed;
    }

    /** An update as the server receives it: fixed-point words plus masks, one int array per tensor. */
    public record MaskedUpdate(int client, Map<String, long[]> shapes, Map<String, int[]> words) {

        /** The words read back as numbers: what a server that ignored the masks would see. */
        public StateDict asNumbers() {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            words.forEach((name, w) -> out.put(name, new HostTensor(shapes.get(name), decode(w))));
            return new StateDict(out);
        }
    }

    /** What client {@code client} sends for {@code update}. */
    public MaskedUpdate mask(int client, StateDict update) {
        if (client < 0 || client >= clients) {
            throw new IllegalArgumentException("client " + client + " is not among 0.." + (clients - 1));
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, int[]> words = new LinkedHashMap<>();
        update.tensors().forEach((name, t) -> {
            shapes.put(name, t.shape());
            words.put(name, encode(t.data()));
        });
        for (int other = 0; other < clients; other++) {
            if (other != client) {
                int sign = client < other ? 1 : -1;
                SplittableRandom pair = pairRandom(Math.min(client, other), Math.max(client, other));
                for (int[] w : words.values()) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] += sign * pair.nextInt();
                    }
                }
            }
        }
        return new MaskedUpdate(client, shapes, words);
    }

    /** The plain sum of the clients' updates; needs every client's masked update. */
    public StateDict sum(List<MaskedUpdate> masked) {
        if (masked.size() != clients) {
            throw new IllegalArgumentException("the masks cancel only over all " + clients + " clients, got "
                    + masked.size());
        }
        Map<String, long[]> shapes = masked.get(0).shapes();
        Map<String, int[]> total = new LinkedHashMap<>();
        shapes.forEach((name, s) -> total.put(name, new int[masked.get(0).words().get(name).length]));
        for (MaskedUpdate m : masked) {
            m.words().forEach((name, w) -> {
                int[] t = total.get(name);
                for (int i = 0; i < w.length; i++) {
                    t[i] += w[i];
                }
            });
        }
        return new MaskedUpdate(-1, shapes, total).asNumbers();
    }

    /** The fixed-point words of {@code values}, the same encoding {@link #mask} applies before masking. */
    public static int[] encode(float[] values) {
        int[] w = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            w[i] = (int) Math.round(values[i] * ONE);
        }
        return w;
    }

    private static float[] decode(int[] words) {
        float[] v = new float[words.length];
        for (int i = 0; i < words.length; i++) {
            v[i] = (float) (words[i] / ONE);
        }
        return v;
    }

    // the same stream for both members of a pair, a different one for every pair
    private SplittableRandom pairRandom(int i, int j) {
        return new SplittableRandom(sessionSeed ^ (0x9E3779B97F4A7C15L * (i * (long) clients + j + 1)));
    }
}
