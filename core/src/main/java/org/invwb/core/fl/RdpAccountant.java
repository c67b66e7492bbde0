package org.invwb.core.fl;

/**
 * Privacy spent by the (subsampled) Gaussian mechanism of DP-SGD, tracked in Rényi differential
 * privacy (Mironov, CSF 2017) and converted to (ε, δ). The RDP of the sampled Gaussian mechanism at
 * integer order α is log(A_α)/(α − 1) with A_α = Σ_k C(α,k) (1−q)^(α−k) q^k exp((k² − k)/(2σ²))
 * (Mironov, Talwar and Zhang, arXiv 1908.10530); RDP adds up over steps, and
 * ε = min_α RDP(α) + log(1/δ)/(α − 1) (Mironov 2017, proposition 3), the conversion TensorFlow
 * Privacy's {@code get_privacy_spent} uses.
 */
public final class RdpAccountant {

    /** Orders tried; integer orders give at most slightly larger ε than a finer fractional grid. */
    private static final int MIN_ORDER = 2;
    private static final int MAX_ORDER = 256;

    private RdpAccountant() {
    }

    /**
     * ε at {@code delta} after {@code steps} rounds of the Gaussian mechanism with noise multiplier
     * {@code sigma} (noise standard deviation over L2 sensitivity), each example sampled with
     * probability {@code q} (1: every example every step). Infinite without noise.
     */
    public static double epsilon(double q, double sigma, long steps, double delta) {
        if (!(q > 0 && q <= 1) || !(delta > 0 && delta < 1) || steps < 1) {
            throw new IllegalArgumentException("need 0 < q <= 1, 0 < delta < 1 and steps >= 1");
        }
        if (sigma <= 0) {
            return Double.POSITIVE_INFINITY;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int order = MIN_ORDER; order <= MAX_ORDER; order++) {
            double eps = steps * rdp(q, sigma, order) + Math.log(1 / delta) / (order - 1);
            best = Math.min(best, eps);
        }
        return best;
    }

    /** RDP at integer {@code order} of one step of the sampled Gaussian mechanism. */
    static double rdp(double q, double sigma, int order) {
        if (q == 1) {
            return order / (2 * sigma * sigma);
        }
        // log-sum-exp over the binomial expansion, so large orders do not overflow
        double[] terms = new double[order + 1];
        double logBinomial = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k <= order; k++) {
            if (k > 0) {
                logBinomial += Math.log(order - k + 1) - Math.log(k);
            }
            terms[k] = logBinomial + (order - k) * Math.log1p(-q) + k * Math.log(q)
                    + ((double) k * k - k) / (2 * sigma * sigma);
            max = Math.max(max, terms[k]);
        }
        double sum = 0;
        for (double t : terms) {
            sum += Math.exp(t - max);
        }
        return (max + Math.log(sum)) / (order - 1);
    }
}
