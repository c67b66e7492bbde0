package org.invwb.core.attack.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.attack.ObjectiveTerms;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.nn.DcganGenerator;
import org.junit.jupiter.api.Test;

class GeneratorSearchTest {

    private static GeneratorSearch.Objective mseTo(NDArray target) {
        return images -> {
            ObjectiveTerms t = new ObjectiveTerms();
            t.add("mse", images.sub(target).square().mean(), 1);
            return t;
        };
    }

    /** An image the generator made is found again from another start, to float precision. */
    @Test
    void latentSearchFindsAGeneratedImage() throws Exception {
        DcganGenerator g = new DcganGenerator(1, 28, 8, 4);
        var weights = g.initialise(11);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p = weights.toArrays(m);
                NDArray target = g.generate(p, m.randomNormal(new Shape(1, 8)));
                List<Double> curve = new ArrayList<>();
                try (GeneratorSearch search = new GeneratorSearch(g, p, mseTo(target),
                        (done, s, images) -> curve.add(s.get("mse")), m)) {
                    search.searchLatent(m.randomNormal(new Shape(1, 8)), new GeneratorSearch.Phase("adam", 0.05, 0, 150), 0);
                    assertTrue(search.bestObjective() < curve.get(0) * 1e-4, curve.get(0) + " to " + search.bestObjective());
                    assertEquals(150, curve.size());
                }
                return null;
            }
        });
    }

    /**
     * With a square added that the generator cannot make, the feature stages, less confined than the
     * latent, lower the error further, and the offset of the best stage stays inside its L1 ball.
     */
    @Test
    void featureStagesReachBeyondTheLatent() throws Exception {
        DcganGenerator g = new DcganGenerator(1, 28, 8, 4);
        var weights = g.initialise(11);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p = weights.toArrays(m);
                NDArray square = m.zeros(new Shape(1, 1, 28, 28));
                square.set(new NDIndex(":, :, 4:12, 4:12"), 0.5f);
                NDArray target = g.generate(p, m.randomNormal(new Shape(1, 8))).add(square).clip(0, 1);
                try (GeneratorSearch search = new GeneratorSearch(g, p, mseTo(target), (done, s, images) -> { }, m)) {
                    search.searchLatent(m.randomNormal(new Shape(1, 8)), new GeneratorSearch.Phase("adam", 0.05, 0, 150), 0);
                    double latent = search.bestObjective();
                    NDArray before = search.bestInput().duplicate();
                    // balls of radius 0 hold stages 1 and 2 where the latent put them, so stage 3 starts there
                    double radius = 200;
                    search.searchFeatures(new double[] {0, 0, radius}, new GeneratorSearch.Phase("adam", 0.05, 0, 100));
                    assertTrue(search.bestObjective() < 0.8 * latent, search.bestObjective() + " vs " + latent);
                    assertEquals(450, search.iterations());
                    assertEquals(3, search.bestStage());
                    double offset = search.bestInput().sub(g.propagate(p, before, 0, 3)).abs().sum().getFloat();
                    assertTrue(offset <= radius * (1 + 1e-4), "offset " + offset);
                }
                return null;
            }
        });
    }

    /**
     * With a latent map, the generator is fed tanh(z): the objective sees the mapped code, the best input is
     * that code (inside the open box), and a code in the box is found again.
     */
    @Test
    void aLatentMapFeedsTheGeneratorTheMappedCode() throws Exception {
        DcganGenerator g = new DcganGenerator(1, 28, 8, 4);
        var weights = g.initialise(11);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                LinkedHashMap<String, NDArray> p = weights.toArrays(m);
                NDArray target = g.generate(p, m.randomNormal(new Shape(1, 8)).tanh());
                double[] largest = {0};
                GeneratorSearch.Objective objective = new GeneratorSearch.Objective() {
                    @Override
                    public ObjectiveTerms evaluate(NDArray images) {
                        return mseTo(target).evaluate(images);
                    }

                    @Override
                    public ObjectiveTerms evaluate(NDArray images, NDArray input, int stage) {
                        largest[0] = Math.max(largest[0], input.abs().max().getFloat());
                        return evaluate(images);
                    }
                };
                List<Double> curve = new ArrayList<>();
                try (GeneratorSearch search = new GeneratorSearch(g, p, objective,
                        (done, s, images) -> curve.add(s.get("mse")), m)) {
                    NDArray start = m.randomNormal(new Shape(1, 8));
                    search.searchLatent(start, new GeneratorSearch.Phase("adam", 0.05, 0, 150), 0, NDArray::tanh);
                    assertTrue(largest[0] < 1, "the objective saw " + largest[0]);
                    assertTrue(search.bestInput().abs().max().getFloat() < 1);
                    assertTrue(search.bestObjective() < curve.get(0) * 1e-3, curve.get(0) + " to " + search.bestObjective());
                }
                return null;
            }
        });
    }

    @Test
    void featureStagesNeedALatentFirst() throws Exception {
        DcganGenerator g = new DcganGenerator(1, 28, 8, 4);
        var weights = g.initialise(1);
        ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager();
                 GeneratorSearch search = new GeneratorSearch(g, weights.toArrays(m), images -> null, (d, s, i) -> { }, m)) {
                assertThrows(IllegalStateException.class,
                        () -> search.searchFeatures(new double[] {1}, new GeneratorSearch.Phase("sgd", 0.1, 0.9, 1)));
                return null;
            }
        });
    }
}
