package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.invwb.app.run.SpecFiles;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite's grid: its cells, the runs of a cell, and what each defense sets in every method's spec. */
class GradientSuiteTest {

    private static Path gradientSamples() {
        String root = System.getProperty("invwb.root");
        return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent())
                .resolve("sample-projects").resolve("gradient");
    }

    @Test
    void theFullGridHasEveryMethodDefenseAndBatchOnce() {
        List<GradientSuite.Cell> cells = GradientSuite.cells(List.copyOf(GradientSuite.METHODS.keySet()),
                GradientSuite.DEFENSES, GradientSuite.BATCHES);
        assertEquals(6 * 7 * 2, cells.size());
        assertEquals(cells.size(), new HashSet<>(cells).size());
        assertEquals(new GradientSuite.Cell("dlg", GradientSuite.DEFENSES.get(0), 1), cells.get(0));
        assertEquals(new GradientSuite.Cell("dlg", GradientSuite.DEFENSES.get(0), 4), cells.get(7));
        assertEquals(new GradientSuite.Cell("dropout-inversion", GradientSuite.DEFENSES.get(6), 4),
                cells.get(cells.size() - 1));
    }

    @Test
    void aCellRunsConsecutiveBatchesUntilEnoughImages() {
        assertEquals(List.of(0, 1), GradientSuite.runIndices(1, 2));
        assertEquals(List.of(0), GradientSuite.runIndices(4, 2));
        assertEquals(List.of(0, 4), GradientSuite.runIndices(4, 5));
        assertEquals(List.of(0, 3, 6), GradientSuite.runIndices(3, 7));
    }

    @Test
    void aRunSetsTheDefenseThenBatchIndexAndIterations() throws Exception {
        GradientSuite.Cell cell = new GradientSuite.Cell("idlg", GradientSuite.defense("dp-1e-2"), 4);
        assertEquals(List.of("client.protocol=fedsgd", "client.defense=dp-sgd", "client.clipNorm=1",
                "client.noiseMultiplier=1e-2", "data.batchSize=4", "data.index=8", "parameters.iterations=40"),
                GradientSuite.overrides(cell, 8, 40));
        assertEquals(List.of("client.protocol=fedavg", "client.localSteps=4", "client.defense=none",
                "data.batchSize=1", "data.index=0"),
                GradientSuite.overrides(new GradientSuite.Cell("analytic-fc", GradientSuite.defense("fedavg-4"), 1),
                        0, null));
        assertEquals("idlg/dp-1e-2_batch4_index8", GradientSuite.folder(cell, 8));
    }

    /** Each defense, applied to every method's sample spec, gives the client it names and nothing else. */
    @Test
    void everyDefenseResolvesOnEveryMethodToTheClientItNames() throws Exception {
        MethodRegistry registry = MethodRegistry.standard();
        for (String method : GradientSuite.METHODS.keySet()) {
            Spec base = SpecFiles.load(gradientSamples().resolve(method + ".json"));
            for (GradientSuite.Defense defense : GradientSuite.DEFENSES) {
                GradientSuite.Cell cell = new GradientSuite.Cell(method, defense, 4);
                Integer iterations = GradientSuite.METHODS.get(method);
                ResolvedSpec spec = registry.resolve(SpecOverrides.apply(base,
                        GradientSuite.overrides(cell, 4, iterations)));
                ParamValues client = spec.section("client");
                String where = method + " × " + defense.id();
                String expected = switch (defense.id()) {
                    case "dp-1e-3", "dp-1e-2", "dp-1e-1" -> "dp-sgd";
                    case "pruning-90" -> "pruning";
                    case "dropout-25" -> "dropout";
                    default -> "none";
                };
                assertEquals(expected, client.getString("defense"), where);
                assertEquals(defense.id().equals("fedavg-4") ? "fedavg" : "fedsgd", client.getString("protocol"), where);
                switch (defense.id()) {
                    case "dp-1e-3" -> assertEquals(1e-3, client.getDouble("noiseMultiplier"), where);
                    case "dp-1e-2" -> assertEquals(1e-2, client.getDouble("noiseMultiplier"), where);
                    case "dp-1e-1" -> assertEquals(1e-1, client.getDouble("noiseMultiplier"), where);
                    case "pruning-90" -> assertEquals(0.9, client.getDouble("pruneFraction"), where);
                    case "dropout-25" -> assertEquals(0.25, client.getDouble("dropoutRate"), where);
                    case "fedavg-4" -> assertEquals(4, client.getInt("localSteps"), where);
                    default -> assertEquals("none", client.getString("defense"), where);
                }
                if (defense.id().startsWith("dp-")) {
                    assertEquals(1.0, client.getDouble("clipNorm"), where);
                }
                assertEquals(4, spec.section("data").getInt("batchSize"), where);
                assertEquals(4, spec.section("data").getInt("index"), where);
                if (iterations == null) {
                    assertNull(spec.section("parameters").params().find("iterations"), where);
                } else {
                    assertEquals(iterations, spec.section("parameters").getInt("iterations"), where);
                }
            }
        }
    }

    @Test
    void everyDefenseSetsTheProtocolAndTheDefense() {
        for (GradientSuite.Defense d : GradientSuite.DEFENSES) {
            assertTrue(d.overrides().stream().anyMatch(o -> o.startsWith("client.protocol=")), d.id());
            assertTrue(d.overrides().stream().anyMatch(o -> o.startsWith("client.defense=")), d.id());
        }
        assertTrue(GradientSuite.GRID_FIELDS.containsAll(Set.of("client.noiseMultiplier", "client.localSteps",
                "data.batchSize", "data.index", "parameters.iterations")), GradientSuite.GRID_FIELDS.toString());
    }

    /** A tiny study (analytic-fc needs no iterations): a run folder per run, a row per cell, a refusal shown. */
    @Test
    void theCommandWritesRunFoldersAndBothTables(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("suite");
        Cli.Result r = Cli.run("study", "gradient-suite", "--out", out.toString(), "--methods", "analytic-fc",
                "--defenses", "none,fedavg-4", "--batches", "1", "--images", "1", "--specs", gradientSamples().toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(Files.isRegularFile(out.resolve("analytic-fc/none_batch1_index0/report.json")));
        List<String> csv = Files.readAllLines(out.resolve(GradientSuiteCommand.CSV));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("analytic-fc,none,1,100.00,1.000,1.00,"), csv.get(1));
        assertTrue(csv.get(2).startsWith("analytic-fc,fedavg-4,1,,,,,0,")
                && csv.get(2).contains("refused: analytic-fc divides a weight gradient by a bias gradient"), csv.get(2));
        String md = Files.readString(out.resolve(GradientSuiteCommand.MARKDOWN));
        assertTrue(md.startsWith("# Gradient inversion suite\n\nWritten by `invwb study gradient-suite --out "), md);
        assertTrue(md.contains("- FedAvg 4 steps: `client.protocol=fedavg client.localSteps=4 client.defense=none`"), md);
        assertTrue(md.contains("| `analytic-fc` | bundled:photos | mlp, width 1024, 3×32×32, 100 classes, untrained | – |"), md);
    }

    /** --merge: a re-run cell replaces its row of the earlier tables; the earlier study's other rows stay. */
    @Test
    void aMergedStudyKeepsTheEarlierRowsItDidNotRun(@TempDir Path dir) throws Exception {
        Path earlier = dir.resolve("earlier");
        Cli.Result first = Cli.run("study", "gradient-suite", "--out", earlier.toString(), "--methods", "analytic-fc",
                "--defenses", "none,fedavg-4", "--batches", "1", "--images", "1", "--specs", gradientSamples().toString());
        assertEquals(0, first.exitCode(), first.out() + first.err());
        Path out = dir.resolve("merged");
        Cli.Result r = Cli.run("study", "gradient-suite", "--out", out.toString(), "--methods", "analytic-fc",
                "--defenses", "none", "--batches", "1", "--images", "2", "--specs", gradientSamples().toString(),
                "--merge", earlier.resolve(GradientSuiteCommand.MARKDOWN).toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        List<String> csv = Files.readAllLines(out.resolve(GradientSuiteCommand.CSV));
        assertEquals(3, csv.size(), csv.toString());
        assertTrue(csv.get(1).startsWith("analytic-fc,none,1,100.00,1.000,1.00,") && csv.get(1).contains(",2,"),
                "the re-run row, 2 images: " + csv.get(1));
        assertTrue(csv.get(2).startsWith("analytic-fc,fedavg-4,1,,,,,0,"), "the earlier row: " + csv.get(2));
        String md = Files.readString(out.resolve(GradientSuiteCommand.MARKDOWN));
        assertTrue(md.contains("Re-run later for `analytic-fc`"), md);
        assertTrue(md.contains("| `analytic-fc` | FedAvg 4 steps | 1 | – |"), md);
        Cli.Result missing = Cli.run("study", "gradient-suite", "--out", dir.resolve("x").toString(), "--methods",
                "analytic-fc", "--merge", dir.resolve("none.md").toString());
        assertEquals(2, missing.exitCode(), missing.out() + missing.err());
        assertTrue(missing.err().contains("--merge"), missing.err());
    }

    @Test
    void aSetOfAFieldTheStudySetsIsRefusedBeforeAnyRun(@TempDir Path dir) {
        Path out = dir.resolve("suite");
        Cli.Result r = Cli.run("study", "gradient-suite", "--out", out.toString(), "--set", "client.defense=pruning");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--set client.defense=pruning: the study sets client.defense itself"), r.err());
        Cli.Result unknown = Cli.run("study", "gradient-suite", "--out", out.toString(), "--methods", "dlg",
                "--set", "parameters.tv=0.1", "--specs", gradientSamples().toString());
        assertEquals(2, unknown.exitCode(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("--set parameters.tv=0.1: no chosen method declares this field"),
                unknown.err());
        assertFalse(Files.exists(out), "nothing ran");
    }
}
