package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A live parameter changed while a run goes reaches the method at its next iteration, and is recorded. */
class LiveParametersTest {

    private static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("iterations", 6, 1, 100, "iterations"),
            ParamDecl.real("lr", 1.0, 1e-6, 100, "step size").live(),
            ParamDecl.real("momentum", 0.9, 0, 1, "not live"));

    private final List<Double> used = new ArrayList<>();
    private final List<RunEvent> events = new CopyOnWriteArrayList<>();

    /** Reads lr between iterations, as methods do, and remembers the value each iteration used. */
    private RunOutcome run(RunContext ctx) throws Exception {
        double lr = ctx.section("parameters").getDouble("lr");
        int n = ctx.section("parameters").getInt("iterations");
        for (int i = 1; i <= n; i++) {
            ctx.control().checkpoint();
            lr = ctx.liveDouble("parameters", "lr", lr, i);
            used.add(lr);
            ctx.events().accept(new Progress(i, Map.of("loss", 1.0 / i)));
        }
        return new RunOutcome(n, Map.of("psnr", 20.0), List.of(), List.of(), true, "done");
    }

    private Job job() throws Exception {
        MethodRegistry registry = new MethodRegistry();
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("parameters", PARAMETERS);
        registry.register(new MethodDescriptor("tunable", "test", "Tunable", "", sections, () -> this::run));
        ResolvedSpec resolved = registry.resolve(Spec.parse("{\"method\": \"tunable\"}"));
        return new Job(registry.find("tunable").orElseThrow(), resolved, 0, "cpu");
    }

    @Test
    void aChangeAskedForAfterIterationThreeIsUsedFromIterationFour() throws Exception {
        Job job = job();
        job.addSink(events::add);
        job.addSink(e -> {
            // The window asks while the run is between iterations 3 and 4.
            if (e instanceof Progress p && p.iteration() == 3) {
                try {
                    job.changeLive("parameters", "lr", 0.5);
                } catch (SpecException ex) {
                    throw new AssertionError(ex);
                }
            }
        });
        RunReport report = job.execute();

        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5), used);
        List<LiveChange> applied = job.control().live().applied();
        assertEquals(List.of(new LiveChange("parameters", "lr", 1.0, 0.5, 4)), applied);
        List<String> logs = events.stream().filter(Log.class::isInstance).map(e -> ((Log) e).message()).toList();
        assertEquals(List.of("lr 1 → 0.5 from iteration 4"), logs);
        // The Log comes between the progress of iterations 3 and 4, so events.jsonl has it in place.
        int logAt = events.indexOf(events.stream().filter(Log.class::isInstance).findFirst().orElseThrow());
        assertEquals(3, ((Progress) events.get(logAt - 1)).iteration());
        assertEquals(List.of("lr 1 → 0.5 from iteration 4"), report.metrics().get("liveChanges"));
        assertEquals(1.0, ((Map<?, ?>) report.parameters().get("parameters")).get("lr"), "the spec keeps the starting value");
    }

    @Test
    void onlyLiveParametersChangeAndOnlyToValidValues() throws Exception {
        Job job = job();
        SpecException notLive = assertThrows(SpecException.class, () -> job.changeLive("parameters", "momentum", 0.5));
        assertEquals("parameters.momentum: cannot be changed while the run goes", notLive.getMessage());
        SpecException range = assertThrows(SpecException.class, () -> job.changeLive("parameters", "lr", 500.0));
        assertEquals("parameters.lr: 500 is out of range [1.0E-6, 100]", range.getMessage());
        job.changeLive("parameters", "lr", 2.0);
        job.changeLive("parameters", "lr", 3.0); // the newer request wins
        job.execute();
        assertEquals(List.of(3.0, 3.0, 3.0, 3.0, 3.0, 3.0), used);
    }
}
