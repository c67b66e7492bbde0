package org.invwb.core.attack.gradient;

import java.util.SplittableRandom;
import org.invwb.core.fl.Sampling;

/** The attack's random starting point, drawn from the run's seed apart from the client's draws. */
final class DummyStart {

    private DummyStart() {
    }

    /** {@code size} standard normal values, as the reference codes start from {@code torch.randn}. */
    static double[] gaussian(int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        // ClientScenario draws the weight and label seeds first; the attack's stream comes after them.
        random.nextLong();
        random.nextLong();
        SplittableRandom attack = random.split();
        double[] vars = new double[size];
        for (int i = 0; i < size; i++) {
            vars[i] = Sampling.gaussian(attack);
        }
        return vars;
    }
}
