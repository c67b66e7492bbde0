package org.invwb.core.run;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import org.invwb.core.data.FloatImage;

/**
 * A method without DJL: counts iterations, emits Progress and Snapshots, and ends as its "ending"
 * parameter says, so jobs and run folders can be tested end to end.
 */
final class FakeMethod implements InversionMethod {

    static final String NAME = "fake";

    static final ParamSet DATA = ParamSet.of(
            ParamDecl.text("source", "bundled:photos", "where the images come from"),
            ParamDecl.integer("count", 1, 1, 64, "images in the batch").group("batch"));

    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("iterations", 5, 1, 100000, "iterations").paper("300"),
            ParamDecl.real("lr", 0.1, 0, 10, "step size").live(),
            ParamDecl.choice("ending", "done", List.of("done", "failure", "crash", "nan", "nothing"), "how the run ends"),
            ParamDecl.bool("tv", true, "total variation prior"));

    static final int SIZE = 8;

    private final AtomicInteger done = new AtomicInteger();
    private final IntConsumer afterIteration;

    FakeMethod() {
        this(i -> { });
    }

    FakeMethod(IntConsumer afterIteration) {
        this.afterIteration = afterIteration;
    }

    static MethodDescriptor descriptor(Supplier<InversionMethod> factory) {
        return descriptor(NAME, "test", factory);
    }

    static MethodDescriptor descriptor(String name, String family, Supplier<InversionMethod> factory) {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("data", DATA);
        sections.put("parameters", PARAMETERS);
        return new MethodDescriptor(name, family, "A fake method", "Nobody. Tests, 2024.", sections, factory);
    }

    static MethodRegistry registry(Supplier<InversionMethod> factory) {
        MethodRegistry registry = new MethodRegistry();
        registry.register(descriptor(factory));
        return registry;
    }

    /** Iterations completed so far (readable from any thread). */
    int done() {
        return done.get();
    }

    static FloatImage image(float value) {
        float[] px = new float[3 * SIZE * SIZE];
        Arrays.fill(px, value);
        return new FloatImage(3, SIZE, SIZE, px);
    }

    @Override
    public RunOutcome run(RunContext ctx) throws Exception {
        ParamValues p = ctx.section("parameters");
        int count = ctx.section("data").getInt("count");
        for (int i = 1; i <= p.getInt("iterations"); i++) {
            try {
                ctx.control().checkpoint();
            } catch (CancelledException e) {
                throw new CancelledException(outcome(done.get(), 0.5));
            }
            done.incrementAndGet();
            double loss = p.getString("ending").equals("nan") ? Double.NaN : 1.0 / i;
            ctx.events().accept(new Progress(i, Map.of("loss", loss)));
            if (ctx.wantsSnapshot(i)) {
                ctx.events().accept(new Snapshot(i, batch(count, i / 100f)));
            }
            afterIteration.accept(i);
        }
        switch (p.getString("ending")) {
            case "failure":
                throw new RunFailure("objective became NaN", outcome(done.get(), Double.NaN));
            case "crash":
                throw new IllegalStateException("boom\n\tat org.example.Somewhere(Somewhere.java:1)");
            case "nothing":
                return null;
            case "nan":
                return outcome(done.get(), Double.NaN);
            default:
                RunOutcome out = outcome(done.get(), 31.5);
                return new RunOutcome(out.iterations(), out.metrics(), batch(count, 0.9f), batch(count, 0.4f),
                        true, "converged early");
        }
    }

    private static List<FloatImage> batch(int count, float value) {
        FloatImage[] images = new FloatImage[count];
        Arrays.fill(images, image(value));
        return List.of(images);
    }

    private static RunOutcome outcome(int iterations, double psnr) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("psnr", psnr);
        metrics.put("mse", Double.isNaN(psnr) ? Double.POSITIVE_INFINITY : 0.01);
        return new RunOutcome(iterations, metrics, List.of(), List.of(), false, null);
    }
}
