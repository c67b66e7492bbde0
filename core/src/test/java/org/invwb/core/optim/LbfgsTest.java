package org.invwb.core.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    private static double rosenbrock(double[] x, double[] g) {
        java.util.Arrays.fill(g, 0);
        double f = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            g[i] += -400 * a * x[i] - 2 * b;
            g[i + 1] += 200 * a;
        }
        return f;
    }

    /** Step for step against torch.optim.LBFGS on the same problem (reference values in the resource). */
    @ParameterizedTest
    @ValueSource(strings = {"1.0", "0.5"})
    void followsTorchTrajectory(String lr) throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("lbfgs-rosenbrock-torch.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        double[] x = {-1.2, 1, -1.2, 1, -1.2};
        Lbfgs lbfgs = new Lbfgs(Double.parseDouble(lr), 20, 100);
        for (int step = 0; step < 4; step++) {
            Lbfgs.Step s = lbfgs.step(x, LbfgsTest::rosenbrock);
            assertEquals(ref.get("lossBefore").get(lr).get(step).asDouble(), s.lossBefore(), 1e-7 * Math.max(1, s.lossBefore()));
            double[] expected = new double[5];
            for (int i = 0; i < 5; i++) {
                expected[i] = ref.get(lr).get(step).get(i).asDouble();
            }
            // torch sums in another order; the rounding difference grows over the steps (5e-6 by step 4)
            assertArrayEquals(expected, x, 1e-4, "after step " + (step + 1));
        }
    }

    @Test
    void minimisesAQuadraticExactlyAndThenStopsMoving() throws Exception {
        double[] x = {3, -2};
        Lbfgs.Objective quadratic = (v, g) -> {
            g[0] = 2 * (v[0] - 1);
            g[1] = 8 * (v[1] + 0.5);
            return (v[0] - 1) * (v[0] - 1) + 4 * (v[1] + 0.5) * (v[1] + 0.5);
        };
        Lbfgs lbfgs = new Lbfgs(1, 20, 100);
        int steps = 0;
        Lbfgs.Step step;
        do {
            step = lbfgs.step(x, quadratic);
            steps++;
        } while (step.moved() && steps < 10);
        assertFalse(step.moved(), "once converged, a step makes no move");
        assertTrue(step.evaluations() <= 1);
        assertEquals(1, x[0], 1e-4);
        assertEquals(-0.5, x[1], 1e-4);
    }

    /** A live change of lr scales the next step's move and keeps the curvature history. */
    @Test
    void aChangedLearningRateScalesTheNextStep() throws Exception {
        Lbfgs kept = new Lbfgs(1.0, 1, 100);
        Lbfgs halved = new Lbfgs(1.0, 1, 100);
        double[] a = {-1.2, 1, -1.2};
        double[] b = a.clone();
        kept.step(a, LbfgsTest::rosenbrock);
        halved.step(b, LbfgsTest::rosenbrock);
        double[] start = a.clone();
        halved.setLearningRate(0.5);
        assertEquals(0.5, halved.learningRate());
        kept.step(a, LbfgsTest::rosenbrock);
        halved.step(b, LbfgsTest::rosenbrock);
        for (int i = 0; i < a.length; i++) {
            // One inner iteration: x moves by lr times the same two-loop direction.
            assertEquals(0.5 * (a[i] - start[i]), b[i] - start[i], 1e-12);
        }
    }
}
