package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A NaN in the objective ends the run as failed, with a reason, and keeps what was written. */
class NonFiniteObjectiveTest {

    /** f(x) = |x − 0.5|² until the given evaluation, NaN from then on. */
    private static final class TurnsNaN implements InversionObjective {
        private final int nanFrom;
        private int evaluations;

        TurnsNaN(int nanFrom) {
            this.nanFrom = nanFrom;
        }

        @Override
        public double evaluate(double[] x, double[] g) {
            evaluations++;
            double f = 0;
            for (int i = 0; i < x.length; i++) {
                g[i] = 2 * (x[i] - 0.5);
                f += (x[i] - 0.5) * (x[i] - 0.5);
            }
            return evaluations >= nanFrom ? Double.NaN : f;
        }

        @Override
        public List<FloatImage> images(double[] vars) {
            float[] px = new float[vars.length];
            for (int i = 0; i < px.length; i++) {
                px[i] = (float) vars[i];
            }
            return List.of(new FloatImage(1, 12, 12, px).clamped());
        }

        @Override
        public int[] labels(double[] vars) {
            return new int[] {0};
        }

        @Override
        public int evaluations() {
            return evaluations;
        }
    }

    @Test
    void nanStopsTheRunAsFailedAndKeepsItsFiles(@TempDir Path dir) throws Exception {
        LinkedHashMap<String, ParamSet> sections = new LinkedHashMap<>();
        sections.put("parameters", Dlg.PARAMETERS);
        float[] grey = new float[144];
        java.util.Arrays.fill(grey, 0.5f);
        FloatImage truth = new FloatImage(1, 12, 12, grey);
        // L-BFGS at lr 0.1 needs many steps on this quadratic; the objective turns NaN at its 6th evaluation.
        MethodDescriptor method = new MethodDescriptor("nan-probe", "test", "NaN probe", "-", sections,
                () -> ctx -> LbfgsGradientAttack.optimise(ctx, new TurnsNaN(6), new double[144],
                        List.of(truth), new int[] {0}, 0));
        Spec spec = Spec.parse("{\"method\":\"nan-probe\",\"parameters\":{\"lr\":0.1,\"lbfgsIterations\":2}}");
        MethodRegistry registry = new MethodRegistry();
        registry.register(method);
        ResolvedSpec resolved = registry.resolve(spec);
        Path folder = dir.resolve("run");
        RunReport report;
        try (RunStore store = RunStore.create(folder, spec, resolved)) {
            Job job = new Job(method, resolved, 1, "cpu");
            job.addSink(store);
            report = job.execute();
        }
        assertEquals("failed", report.status());
        assertTrue(report.reason().contains("NaN"), report.reason());
        assertTrue(report.iterations() >= 1, "the steps before the NaN count");
        JsonNode json = new ObjectMapper().readTree(folder.resolve("report.json").toFile());
        assertEquals("failed", json.get("status").asText());
        assertTrue(json.get("metrics").has("psnr"), "metrics of the last finite iterate are kept");
        List<String> events = Files.readAllLines(folder.resolve("events.jsonl"));
        assertTrue(events.stream().anyMatch(l -> l.contains("\"progress\"")), "progress lines were kept");
        assertTrue(events.get(events.size() - 1).contains("failed"), events.get(events.size() - 1));
        assertTrue(Files.exists(folder.resolve("final.png")));
    }
}
