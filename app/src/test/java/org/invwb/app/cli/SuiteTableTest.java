package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

/** The gradient suite's table on hand-made run reports: means, images counted, refusals and failures. */
class SuiteTableTest {

    private static final GradientSuite.Defense NONE = new GradientSuite.Defense("none", "none",
            List.of("client.defense=none"));
    private static final GradientSuite.Defense FEDAVG = new GradientSuite.Defense("fedavg-4", "FedAvg 4 steps",
            List.of("client.protocol=fedavg"));
    private static final String REFUSAL = "dlg matches a gradient; this update is a FedAvg weight difference after"
            + " 4 local steps of SGD, which no single gradient explains: use inverting-gradients for FedAvg updates";

    private static RunReport done(double psnr, double ssim, double labels, double seconds) {
        return new RunReport(RunReport.DONE, "dlg", 0, "cpu", 40, seconds, Map.of(),
                Map.of("psnr", psnr, "ssim", ssim, "labelAccuracy", labels), true, null, null, "t", Map.of());
    }

    private static RunReport failed(int iterations, String reason) {
        return new RunReport(RunReport.FAILED, "dlg", 0, "cpu", iterations, 0.5, Map.of(), Map.of(), false, null,
                reason, "t", Map.of());
    }

    private static SuiteTable.CellResult cell(GradientSuite.Defense defense, int batch, RunReport... reports) {
        return new SuiteTable.CellResult(new GradientSuite.Cell("dlg", defense, batch), "bundled:photos",
                "lenet-dlg, 3×32×32, 100 classes", 40, List.of(reports));
    }

    private static final List<SuiteTable.CellResult> CELLS = List.of(
            cell(NONE, 1, done(20, 0.5, 1, 2), done(30, 0.7, 0, 4)),
            cell(NONE, 4, done(10, 0.25, 0.75, 8), failed(12, "gradient distance became NaN at iteration 13")),
            cell(FEDAVG, 1, failed(0, REFUSAL)),
            cell(FEDAVG, 4));

    @Test
    void markdownGivesOneRowPerCellWithMeansOverTheFinishedRuns() {
        assertEquals("""
                | method | defense | batch | PSNR (dB) | SSIM | label accuracy | s per run | images | note |
                |---|---|---|---|---|---|---|---|---|
                | `dlg` | none | 1 | 25.00 | 0.600 | 0.50 | 3.0 | 2 |  |
                | `dlg` | none | 4 | 10.00 | 0.250 | 0.75 | 8.0 | 4 | 1 of 2 runs failed: gradient distance became NaN at iteration 13 |
                | `dlg` | FedAvg 4 steps | 1 | – | – | – | – | 0 | refused: dlg matches a gradient; this update is a FedAvg weight difference after 4 local steps of SGD … |
                | `dlg` | FedAvg 4 steps | 4 | – | – | – | – | 0 | not run |
                """, SuiteTable.results(CELLS));
    }

    @Test
    void settingsGiveEachMethodOnce() {
        assertEquals("""
                | method | data | model | iterations |
                |---|---|---|---|
                | `dlg` | bundled:photos | lenet-dlg, 3×32×32, 100 classes | 40 |
                """, SuiteTable.settings(CELLS));
    }

    @Test
    void csvQuotesFieldsWithCommasAndLeavesMissingFiguresEmpty() {
        assertEquals("""
                method,defense,batch,psnr,ssim,labelAccuracy,secondsPerRun,images,data,model,iterations,note
                dlg,none,1,25.00,0.600,0.50,3.0,2,bundled:photos,"lenet-dlg, 3×32×32, 100 classes",40,
                dlg,none,4,10.00,0.250,0.75,8.0,4,bundled:photos,"lenet-dlg, 3×32×32, 100 classes",40,1 of 2 runs failed: gradient distance became NaN at iteration 13
                dlg,fedavg-4,1,,,,,0,bundled:photos,"lenet-dlg, 3×32×32, 100 classes",40,refused: dlg matches a gradient; this update is a FedAvg weight difference after 4 local steps of SGD …
                dlg,fedavg-4,4,,,,,0,bundled:photos,"lenet-dlg, 3×32×32, 100 classes",40,not run
                """, SuiteTable.csv(CELLS));
    }

    @Test
    void aRunThatFailedBeforeItsFirstIterationIsARefusal() {
        assertEquals(true, SuiteTable.refused(failed(0, REFUSAL)));
        assertEquals(false, SuiteTable.refused(failed(3, "NaN")));
        assertEquals(false, SuiteTable.refused(done(1, 1, 1, 1)));
    }

    @Test
    void shortReasonsAreCutAtAClauseOrAWord() {
        assertEquals("labels idlg reads one label off the gradient, so it needs data.batchSize 1 (got 4);"
                + " choose llg or yin for batches", SuiteTable.shortReason("labels idlg reads one label off the"
                + " gradient, so it needs data.batchSize 1 (got 4); choose llg or yin for batches"));
        String words = "word ".repeat(40).strip();
        assertEquals("word ".repeat(24).strip() + " …", SuiteTable.shortReason(words));
    }

    @Test
    void pipesInAReasonDoNotBreakTheMarkdownRow() {
        String row = SuiteTable.results(List.of(cell(NONE, 1, failed(0, "a|b")))).lines().skip(2).findFirst()
                .orElseThrow();
        assertEquals("| `dlg` | none | 1 | – | – | – | – | 0 | refused: a\\|b |", row);
    }
}
