package org.invwb.core.nn.diffusion;

/**
 * The coarse timestep grid DDIM (Song, Meng and Ermon, ICLR 2021) samples and inverts on: points
 * k = 0..S, where k = 0 is the clean image (ᾱ = 1) and k ≥ 1 is timestep τ_k = round(k·T/S) − 1
 * ("trailing" spacing, so the last point is the last timestep T − 1, pure noise for a schedule that
 * ends there).
 */
public record DdimGrid(NoiseSchedule schedule, int steps) {

    public DdimGrid {
        if (steps < 1 || steps > schedule.steps()) {
            throw new IllegalArgumentException("DDIM steps must be in 1.." + schedule.steps() + ", got " + steps);
        }
    }

    /** τ_k, the model timestep of point k ≥ 1. */
    public int timestep(int k) {
        if (k < 1 || k > steps) {
            throw new IndexOutOfBoundsException("grid point " + k + " has no timestep; points 1.." + steps + " do");
        }
        return (int) Math.round((double) k * schedule.steps() / steps) - 1;
    }

    /** ᾱ at point k: 1 for k = 0, else ᾱ_{τ_k}. */
    public double alphaBar(int k) {
        return k == 0 ? 1 : schedule.alphaBar(timestep(k));
    }

    /**
     * Coefficients (a, b) of the deterministic DDIM move from point {@code from} to point {@code to}
     * given ε: x_to = a·x_from + b·ε, with a = √(ᾱ_to/ᾱ_from) and
     * b = √(1−ᾱ_to) − √(ᾱ_to(1−ᾱ_from)/ᾱ_from) (the a_t, b_t of EDICT). The same move in either
     * direction: from k to k−1 denoises, from k−1 to k is DDIM inversion.
     */
    public double[] move(int from, int to) {
        double aFrom = alphaBar(from);
        double aTo = alphaBar(to);
        return new double[] {Math.sqrt(aTo / aFrom), Math.sqrt(1 - aTo) - Math.sqrt(aTo * (1 - aFrom) / aFrom)};
    }
}
