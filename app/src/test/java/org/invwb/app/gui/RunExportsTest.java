package org.invwb.app.gui;

import static org.invwb.app.gui.FxWait.onFx;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javafx.scene.Scene;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Spec;
import org.invwb.visualizers.ImageGridView;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.testfx.api.FxToolkit;

class RunExportsTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static Progress point(int iteration, Object... nameValue) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            scalars.put((String) nameValue[i], (Double) nameValue[i + 1]);
        }
        return new Progress(iteration, scalars);
    }

    @Test
    void theCsvHasEveryPointAndAColumnPerScalar() throws IOException {
        List<Progress> points = List.of(point(1, "gradientDistance", 2.5, "psnr", 9.0),
                point(2, "gradientDistance", 1e-4, "psnr", 12.25, "ssim", 0.5),
                point(3, "gradientDistance", Double.NaN, "psnr", 13.0));
        Path file = dir.resolve("out/curves.csv");
        RunExports.writeCurvesCsv(points, file);
        assertEquals("iteration,gradientDistance,psnr,ssim\n1,2.5,9.0,\n2,1.0E-4,12.25,0.5\n3,NaN,13.0,\n",
                Files.readString(file));
    }

    /**
     * A diffusion run reports its timestep beside the loss terms: on the objective's log axis it would set the
     * scale, and its final −1 would turn the axis linear; it goes on a linear axis at the right instead, which
     * the next run without counters does not keep.
     */
    @Test
    void countersGoOnTheirOwnAxisAndLeaveTheObjectiveLogarithmic() throws Exception {
        List<Progress> diffusion = List.of(point(1, "residual", 2e-3, "timestep", 500.0),
                point(2, "residual", 5e-5, "timestep", -1.0));
        RunCharts charts = onFx(() -> {
            RunCharts c = RunCharts.of(diffusion);
            c.objective().flush();
            return c;
        });
        XYPlot plot = charts.objective().getChart().getXYPlot();
        assertTrue(plot.getRangeAxis(0) instanceof LogAxis, "the loss terms stay on a log axis");
        assertEquals("count", plot.getRangeAxis(1).getLabel());
        assertEquals(2, charts.objective().drawnPoints("timestep"));
        assertEquals(2, charts.objective().drawnPoints("residual"));
        onFx(() -> {
            charts.clear();
            charts.append(point(1, "gradientDistance", 1.0));
            charts.objective().flush();
            return null;
        });
        assertEquals(null, plot.getRangeAxis(1), "no counter axis for a run without counters");
    }

    @Test
    void aStoredRunsProgressIsReadBackWithNaNAndACutLine() throws IOException {
        Path run = FakeRuns.write(dir, "idlg-1", "none", 1.0, 24.0);
        Files.writeString(run.resolve(RunStore.EVENTS_FILE), "\n{\"type\":\"progress\",\"iteration\":4,"
                + "\"scalars\":{\"gradientDistance\":null}}\n", java.nio.file.StandardOpenOption.APPEND);
        List<Progress> read = RunExports.readProgress(run);
        assertEquals(List.of(1, 2, 3), read.subList(0, 3).stream().map(Progress::iteration).toList());
        assertEquals(Map.of("gradientDistance", 5.0, "psnr", 16.0), read.get(1).scalars());
        // FakeRuns leaves a line cut short before this one: it is skipped, the next is read.
        assertTrue(Double.isNaN(read.get(3).scalars().get("gradientDistance")), "null in events.jsonl is NaN");
    }

    @Test
    void theSpecCopyIsTheRunsSpecAndParses() throws Exception {
        Path run = Files.createDirectories(dir.resolve("dlg-1"));
        String spec = "{\"method\": \"dlg\", \"seed\": 3, \"parameters\": {\"lr\": 0.5}}\n";
        Files.writeString(run.resolve(RunStore.SPEC_FILE), spec);
        Path out = dir.resolve("exported.json");
        RunExports.copySpec(run, out);
        assertEquals(spec, Files.readString(out));
        assertEquals("dlg", Spec.parse(Files.readString(out)).method());
        IOException missing = assertThrows(IOException.class, () -> RunExports.copySpec(dir.resolve("nothing"), out));
        assertTrue(missing.getMessage().startsWith("spec.json is not in"), missing.getMessage());
    }

    @Test
    void chartAndGridPngsDecodeAtTheirSize() throws Exception {
        List<Progress> points = List.of(point(1, "gradientDistance", 2.0, "psnr", 9.0, "ssim", 0.2),
                point(2, "gradientDistance", 0.5, "psnr", 11.0, "ssim", 0.4));
        Path objective = dir.resolve("objective.png");
        Path quality = dir.resolve("quality.png");
        onFx(() -> {
            RunCharts charts = RunCharts.of(points);
            charts.objective().writePng(objective, RunExports.CHART_WIDTH, RunExports.CHART_HEIGHT);
            assertEquals(2, charts.objective().drawnPoints("gradient distance"), "every point is drawn before writing");
            charts.quality().writePng(quality, 640, 400);
            return null;
        });
        BufferedImage o = ImageIO.read(objective.toFile());
        assertEquals(RunExports.CHART_WIDTH, o.getWidth());
        assertEquals(RunExports.CHART_HEIGHT, o.getHeight());
        BufferedImage q = ImageIO.read(quality.toFile());
        assertEquals(640, q.getWidth());
        assertEquals(400, q.getHeight());

        Path grid = dir.resolve("grid.png");
        onFx(() -> {
            ImageGridView view = new ImageGridView();
            view.setRows(List.of(new ImageGridView.Row("ground truth", List.of(ScriptedMethod.grey(0.5f)))));
            Stage stage = new Stage();
            stage.setScene(new Scene(new StackPane(view), 300, 200));
            stage.show();
            view.applyCss();
            view.layout();
            view.writePng(grid);
            stage.close();
            return null;
        });
        BufferedImage g = ImageIO.read(grid.toFile());
        assertEquals(300, g.getWidth());
        assertEquals(200, g.getHeight());
    }
}
