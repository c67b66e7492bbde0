package org.invwb.app.gui;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.CancelledException;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunContext;
import org.invwb.core.run.RunOutcome;
import org.invwb.core.run.Snapshot;

/**
 * A method for view-model tests that runs one iteration per permit the test releases, so a test
 * decides exactly how far a run has got. Each iteration reports loss 1/i, PSNR 10+i and SSIM i/10 and
 * a 2x2 grey snapshot of value i/10; its lr is live. It needs no engine work beyond the compute thread itself.
 */
final class ScriptedMethod {

    static final String NAME = "scripted";
    static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("iterations", 5, 1, 1000, "iterations to run"),
            ParamDecl.real("lr", 0.1, 1e-6, 10, "a step size").live(),
            ParamDecl.choice("mode", "fast", List.of("fast", "careful"), "how"),
            ParamDecl.bool("verbose", false, "say more"));

    final Semaphore permits = new Semaphore(0);
    /** The lr each iteration used (it is live: the window may change it between iterations). */
    final List<Double> lrs = new CopyOnWriteArrayList<>();

    MethodRegistry registry() {
        MethodRegistry registry = new MethodRegistry();
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("parameters", PARAMETERS);
        registry.register(new MethodDescriptor(NAME, "test", "Scripted", "", sections, () -> this::run));
        return registry;
    }

    /** Lets {@code n} more iterations through. */
    void release(int n) {
        permits.release(n);
    }

    static FloatImage grey(float v) {
        return new FloatImage(1, 2, 2, new float[] {v, v, v, v});
    }

    private RunOutcome run(RunContext ctx) throws Exception {
        int n = ctx.section("parameters").getInt("iterations");
        int done = 0;
        double lr = ctx.section("parameters").getDouble("lr");
        while (done < n) {
            try {
                ctx.control().checkpoint();
                // Wait for the test, but keep answering cancel while waiting.
                while (!permits.tryAcquire(20, TimeUnit.MILLISECONDS)) {
                    ctx.control().checkpoint();
                }
            } catch (CancelledException e) {
                throw new CancelledException(outcome(done, "cancelled after " + done + " iterations"));
            }
            done++;
            lr = ctx.liveDouble("parameters", "lr", lr, done);
            lrs.add(lr);
            Map<String, Double> scalars = new LinkedHashMap<>();
            scalars.put("loss", 1.0 / done);
            scalars.put("psnr", 10.0 + done);
            scalars.put("ssim", done / 10.0);
            ctx.events().accept(new Progress(done, scalars));
            if (ctx.wantsSnapshot(done)) {
                ctx.events().accept(new Snapshot(done, List.of(grey(done / 10f))));
            }
        }
        return outcome(done, "finished " + done + " iterations");
    }

    private static RunOutcome outcome(int done, String note) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("psnr", 10.0 + done);
        metrics.put("ssim", done / 10.0);
        metrics.put("perImage", List.of(Map.of("psnr", 10.0 + done, "ssim", done / 10.0)));
        return new RunOutcome(done, metrics, List.of(grey(1f)), List.of(grey(done / 10f)), true, note);
    }
}
