package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Re-run methods' rows replace the earlier ones in place; everything else of the earlier tables stays. */
class SuiteMergeTest {

    private static final String EARLIER = """
            # Gradient inversion suite

            Written by `invwb study gradient-suite --out a` on 2026-01-01T00:00:00Z.

            Defenses (spec overrides):

            - none: `client.defense=none`

            | method | data | model | iterations |
            |---|---|---|---|
            | `dlg` | bundled:photos | lenet-dlg | 40 |
            | `idlg` | bundled:photos | lenet-dlg | 40 |

            | method | defense | batch | PSNR (dB) | SSIM | label accuracy | s per run | images | note |
            |---|---|---|---|---|---|---|---|---|
            | `dlg` | none | 1 | 24.46 | 0.834 | 1.00 | 18.7 | 2 |  |
            | `dlg` | none | 4 | 6.43 | 0.044 | 1.00 | 54.8 | 4 |  |
            | `idlg` | none | 1 | 26.29 | 0.858 | 1.00 | 14.0 | 2 |  |
            """;

    private static final String NOW = """
            # Gradient inversion suite

            Written by `invwb study gradient-suite --methods dlg --out b` on 2026-02-02T00:00:00Z.

            | method | data | model | iterations |
            |---|---|---|---|
            | `dlg` | bundled:mnist-test | lenet-dlg, trained | 80 |

            | method | defense | batch | PSNR (dB) | SSIM | label accuracy | s per run | images | note |
            |---|---|---|---|---|---|---|---|---|
            | `dlg` | none | 1 | 30.00 | 0.900 | 1.00 | 9.0 | 2 |  |
            | `dlg` | pruning 90 % | 1 | 20.00 | 0.500 | 1.00 | 9.0 | 2 |  |
            | `dlg` | none | 4 | 10.00 | 0.100 | 1.00 | 9.0 | 4 |  |
            """;

    @Test
    void markdownKeepsTheEarlierHeaderAddsTheNewOneAndReplacesRowsInPlace() {
        List<String> merged = SuiteMerge.markdown(EARLIER, NOW, List.of("dlg")).lines().toList();
        assertEquals(List.of(
                "# Gradient inversion suite",
                "",
                "Written by `invwb study gradient-suite --out a` on 2026-01-01T00:00:00Z.",
                "",
                "Defenses (spec overrides):",
                "",
                "- none: `client.defense=none`",
                "",
                "Re-run later for `dlg` (their settings and rows below replace the earlier ones):",
                "",
                "Written by `invwb study gradient-suite --methods dlg --out b` on 2026-02-02T00:00:00Z.",
                "",
                "| method | data | model | iterations |",
                "|---|---|---|---|",
                "| `dlg` | bundled:mnist-test | lenet-dlg, trained | 80 |",
                "| `idlg` | bundled:photos | lenet-dlg | 40 |",
                "",
                "| method | defense | batch | PSNR (dB) | SSIM | label accuracy | s per run | images | note |",
                "|---|---|---|---|---|---|---|---|---|",
                "| `dlg` | none | 1 | 30.00 | 0.900 | 1.00 | 9.0 | 2 |  |",
                "| `dlg` | none | 4 | 10.00 | 0.100 | 1.00 | 9.0 | 4 |  |",
                "| `idlg` | none | 1 | 26.29 | 0.858 | 1.00 | 14.0 | 2 |  |",
                "| `dlg` | pruning 90 % | 1 | 20.00 | 0.500 | 1.00 | 9.0 | 2 |  |"), merged);
    }

    @Test
    void csvReplacesRowsByMethodDefenseAndBatch() {
        String earlier = "method,defense,batch,psnr\ndlg,none,1,24.46\ndlg,none,4,6.43\nidlg,none,1,26.29\n";
        String now = "method,defense,batch,psnr\ndlg,none,4,10.00\ndlg,\"x\",1,\"a, b\"\n";
        assertEquals("method,defense,batch,psnr\ndlg,none,1,24.46\ndlg,none,4,10.00\nidlg,none,1,26.29\n"
                + "dlg,\"x\",1,\"a, b\"\n", SuiteMerge.csv(earlier, now));
    }

    @Test
    void theCsvLiesBesideThePage() {
        assertEquals(Path.of("docs/results/gradient-suite.csv"),
                SuiteMerge.csvBeside(Path.of("docs/results/gradient-suite.md")));
    }
}
