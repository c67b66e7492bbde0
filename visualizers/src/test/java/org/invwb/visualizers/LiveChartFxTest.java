package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveChartFxTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    @Test
    void manyAppendsAreDrawnInFewBatchesAndEveryPointIsKept() throws Exception {
        LiveChart chart = Fx.call(() -> {
            LiveChart c = new LiveChart("Objective", "gradient distance", true);
            for (int i = 1; i <= 1000; i++) {
                c.append("gradientDistance", i, 1.0 / i);
            }
            return c;
        });
        // The batch is drawn by the next animation frame(s), not once per append.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (Fx.call(() -> chart.drawnPoints("gradientDistance")) < 1000 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(1000, (int) Fx.call(() -> chart.drawnPoints("gradientDistance")));
        int flushes = Fx.call(chart::getFlushCount);
        assertTrue(flushes >= 1 && flushes <= 3, "1000 appends in one go are drawn in a batch, got " + flushes);
        assertEquals(1000, Fx.call(() -> chart.getTable().size()));
    }

    @Test
    void logAxisTurnsLinearForAValueItCannotShowAndTheCsvKeepsEverything() throws Exception {
        Path csv = dir.resolve("curves.csv");
        int drawn = Fx.call(() -> {
            LiveChart c = new LiveChart("", "loss", true);
            c.setRightAxis("SSIM", false);
            c.addSeries("ssim", LiveChart.Side.RIGHT);
            c.append("loss", 1, 2.0);
            c.append("loss", 2, 0.0);
            c.append("loss", 3, Double.NaN);
            c.append("ssim", 1, -0.25);
            c.flush();
            c.writeCsv(csv);
            assertTrue(!c.isLogarithmic(LiveChart.Side.LEFT), "the zero loss turned the left axis linear");
            assertTrue(!c.getChart().getXYPlot().getRangeAxis(0).getLabel().isEmpty());
            int both = c.drawnPoints("loss") * 10 + c.drawnPoints("ssim");
            c.clear();
            assertTrue(c.isLogarithmic(LiveChart.Side.LEFT), "a new run starts on the declared log axis");
            return both;
        });
        assertEquals(21, drawn, "the loss points 2.0 and 0.0 (not NaN), and the negative SSIM on its linear axis");
        assertEquals("iteration,loss,ssim\n1,2.0,-0.25\n2,0.0,\n3,NaN,\n", Files.readString(csv));
    }

    @Test
    void onePointOnALinearAxisGetsAReadableRange() throws Exception {
        double length = Fx.call(() -> {
            LiveChart c = new LiveChart("", "PSNR (dB)", false);
            c.append("psnr", 1, 6.552013);
            c.flush();
            return c.getChart().getXYPlot().getRangeAxis().getRange().getLength();
        });
        assertTrue(length >= 0.02 * 6.5, "range " + length);
    }

    @Test
    void markersAndPngExport() throws Exception {
        Path png = dir.resolve("chart.png");
        Fx.run(() -> {
            LiveChart c = new LiveChart("PSNR", "dB", false);
            c.append("psnr", 1, 10);
            c.append("psnr", 2, 12);
            c.addMarker(2, "lr 1 → 0.5");
            c.setDark(true);
            try {
                c.writePng(png, 400, 250);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertEquals(1, c.getChart().getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND).size());
        });
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(400, img.getWidth());
        assertEquals(250, img.getHeight());
    }
}
