package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.invwb.visualizers.CurveTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareViewModelTest {

    @TempDir
    Path dir;

    private final QueuedUi ui = new QueuedUi();
    private final CompareViewModel compare = new CompareViewModel(ui, Runnable::run);

    @Test
    void readsTheCurvesOfEachRun() throws Exception {
        Path a = FakeRuns.write(dir, "a", "none", 1.0, 12.0);
        Path b = FakeRuns.write(dir, "b", "pruning", 1.0, 9.0);
        compare.show(List.of(a, b));
        assertTrue(compare.loaded().isEmpty(), "nothing changes until the window's thread is told");
        ui.runPending();
        assertEquals(2, compare.loaded().size());
        CompareViewModel.RunData first = compare.loaded().get(0);
        assertEquals("a", first.name());
        assertEquals(List.of("gradientDistance", "psnr"), List.copyOf(first.curves().keySet()));
        assertEquals(List.of(new CurveTable.Point(1, 10.0), new CurveTable.Point(2, 5.0),
                new CurveTable.Point(3, 10.0 / 3)), first.curves().get("gradientDistance"));
        assertEquals(9.0, compare.loaded().get(1).curves().get("psnr").get(2).value(), 1e-9);
        assertNotNull(first.picture());
    }

    @Test
    void rowsHoldTheFinalMetricsAndOnlyTheParametersThatDiffer() throws Exception {
        Path a = FakeRuns.write(dir, "a", "none", 1.0, 12.0);
        Path b = FakeRuns.write(dir, "b", "pruning", 0.5, 9.0);
        Path c = FakeRuns.write(dir, "c", "none", 1.0, 14.0);
        compare.show(List.of(a, b, c));
        ui.runPending();
        assertEquals(List.of("run", "method", "status", "converged", "iterations", "seconds", "psnr", "ssim",
                "labelAccuracy", "defense", "client.defense", "parameters.lr"), compare.columns());
        assertEquals(3, compare.rows().size());
        Map<String, String> row = compare.rows().get(1);
        assertEquals("b", row.get("run"));
        assertEquals("9.0000", row.get("psnr"));
        assertEquals("pruning", row.get("client.defense"));
        assertEquals("0.5", row.get("parameters.lr"));
        assertEquals("3", row.get("iterations"));

        compare.remove(b);
        ui.runPending();
        assertEquals(2, compare.rows().size());
        assertTrue(compare.columns().stream().noneMatch(col -> col.contains(".")), "a and c differ in no parameter");
    }

    @Test
    void exportsTheTableAsCsv() throws Exception {
        Path a = FakeRuns.write(dir, "a", "none", 1.0, 12.0);
        Path b = FakeRuns.write(dir, "b", "pruning", 1.0, 9.0);
        compare.show(List.of(a));
        compare.add(List.of(b, a));
        ui.runPending();
        Path file = dir.resolve("compare.csv");
        compare.exportCsv(file);
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("run,method,status,"), lines.get(0));
        assertTrue(lines.get(0).endsWith(",client.defense"), lines.get(0));
        assertTrue(lines.get(2).startsWith("b,idlg,done,false,3,1.5,9.0000,0.5000,1.0000,pruning,pruning"), lines.get(2));
    }

    @Test
    void aMissingFolderIsShownAsUnreadable() throws Exception {
        compare.show(List.of(dir.resolve("gone")));
        ui.runPending();
        assertEquals("unreadable", compare.rows().get(0).get("status"));
        assertTrue(compare.loaded().get(0).curves().isEmpty());
    }
}
