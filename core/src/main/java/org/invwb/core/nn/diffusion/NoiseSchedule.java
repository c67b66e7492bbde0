package org.invwb.core.nn.diffusion;

import java.util.List;

/**
 * The forward process of a DDPM over timesteps 0..T−1: x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε with
 * ᾱ_t = Π_{s≤t} α_s and α_t = 1 − β_t. Values are doubles so that float64 sampling and inversion see
 * the schedule without rounding.
 *
 * @param name   {@value #LINEAR} or {@value #COSINE}
 * @param betas  β_t, t = 0..T−1
 */
public record NoiseSchedule(String name, double[] betas, double[] alphas, double[] alphaBars) {

    public static final String LINEAR = "linear";
    public static final String COSINE = "cosine";
    public static final List<String> NAMES = List.of(LINEAR, COSINE);
    /** Nichol and Dhariwal's offset s, which keeps β_0 from vanishing. */
    public static final double COSINE_OFFSET = 0.008;
    /** Their cap on β_t, which keeps the last steps from being singular. */
    public static final double MAX_BETA = 0.999;

    public NoiseSchedule {
        betas = betas.clone();
        alphas = alphas.clone();
        alphaBars = alphaBars.clone();
    }

    /** The schedule {@code name} with {@code steps} timesteps. */
    public static NoiseSchedule of(String name, int steps) {
        return switch (name) {
            case LINEAR -> linear(steps, 1e-4, 0.02);
            case COSINE -> cosine(steps);
            default -> throw new IllegalArgumentException("unknown noise schedule \"" + name + "\"; known: " + NAMES);
        };
    }

    /** Ho et al. (NeurIPS 2020): β evenly spaced from {@code first} to {@code last} (1e-4 to 0.02 for T = 1000). */
    public static NoiseSchedule linear(int steps, double first, double last) {
        requireSteps(steps);
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = steps == 1 ? first : first + (last - first) * t / (steps - 1);
        }
        return fromBetas(LINEAR, betas);
    }

    /**
     * Nichol and Dhariwal (ICML 2021), "Improved DDPM": ᾱ(t) = f(t)/f(0) with
     * f(t) = cos²((t/T + s)/(1 + s)·π/2), and β_t = min(1 − ᾱ(t+1)/ᾱ(t), 0.999).
     */
    public static NoiseSchedule cosine(int steps) {
        requireSteps(steps);
        double[] betas = new double[steps];
        for (int t = 0; t < steps; t++) {
            betas[t] = Math.min(1 - cosineAlphaBar((t + 1) / (double) steps) / cosineAlphaBar(t / (double) steps),
                    MAX_BETA);
        }
        return fromBetas(COSINE, betas);
    }

    /** f(τ)/f(0) of the cosine schedule at τ = t/T in [0, 1]. */
    public static double cosineAlphaBar(double tau) {
        return square(Math.cos((tau + COSINE_OFFSET) / (1 + COSINE_OFFSET) * Math.PI / 2))
                / square(Math.cos(COSINE_OFFSET / (1 + COSINE_OFFSET) * Math.PI / 2));
    }

    private static NoiseSchedule fromBetas(String name, double[] betas) {
        double[] alphas = new double[betas.length];
        double[] alphaBars = new double[betas.length];
        double product = 1;
        for (int t = 0; t < betas.length; t++) {
            alphas[t] = 1 - betas[t];
            product *= alphas[t];
            alphaBars[t] = product;
        }
        return new NoiseSchedule(name, betas, alphas, alphaBars);
    }

    public int steps() {
        return betas.length;
    }

    /** ᾱ_t, with ᾱ_{−1} = 1 for the clean image. */
    public double alphaBar(int t) {
        return t < 0 ? 1 : alphaBars[t];
    }

    private static void requireSteps(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("a noise schedule needs at least one timestep, got " + steps);
        }
    }

    private static double square(double x) {
        return x * x;
    }
}
