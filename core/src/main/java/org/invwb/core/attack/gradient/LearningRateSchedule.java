package org.invwb.core.attack.gradient;

import java.util.Arrays;

/** The factor the base learning rate is multiplied by at each iteration (0-based), as torch's schedulers step. */
@FunctionalInterface
interface LearningRateSchedule {

    double factor(int iteration);

    /** Told each iterate's objective after it is evaluated, for schedules that follow it; ignored by default. */
    default void observe(int iteration, double objective) {
    }

    /**
     * torch's {@code ReduceLROnPlateau} (mode min, threshold 0, cooldown 0), stepped with every objective:
     * the factor is multiplied by {@code gamma} once the objective has not improved for more than
     * {@code patience} iterations. It starts afresh at iteration 0, so each restart has its own.
     */
    static LearningRateSchedule plateau(double gamma, int patience) {
        return new LearningRateSchedule() {
            private double best;
            private int bad;
            private double factor;

            @Override
            public double factor(int iteration) {
                if (iteration == 0) {
                    best = Double.POSITIVE_INFINITY;
                    bad = 0;
                    factor = 1;
                }
                return factor;
            }

            @Override
            public void observe(int iteration, double objective) {
                if (objective < best) {
                    best = objective;
                    bad = 0;
                } else if (++bad > patience) {
                    factor *= gamma;
                    bad = 0;
                }
            }
        };
    }

    static LearningRateSchedule constant() {
        return iteration -> 1;
    }

    /**
     * torch's {@code MultiStepLR}, stepped once after every optimiser step: the rate is multiplied by
     * {@code gamma} from iteration {@code milestones[k]} on.
     */
    record MultiStep(int[] milestones, double gamma) implements LearningRateSchedule {

        /**
         * Inverting Gradients' schedule: ×0.1 at 3/8, 5/8 and 7/8 of the run, with the reference code's
         * milestones ⌊N/2.667⌋, ⌊N/1.6⌋ and ⌊N/1.142⌋ (e.g. 1499, 2500 and 3502 of 4,000).
         */
        static MultiStep invertingGradients(int iterations) {
            return new MultiStep(new int[] {(int) Math.floor(iterations / 2.667), (int) Math.floor(iterations / 1.6),
                    (int) Math.floor(iterations / 1.142)}, 0.1);
        }

        @Override
        public double factor(int iteration) {
            return Math.pow(gamma, Arrays.stream(milestones).filter(m -> m <= iteration).count());
        }
    }
}
