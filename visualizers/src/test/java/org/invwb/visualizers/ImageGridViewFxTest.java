package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.invwb.core.data.FloatImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridViewFxTest {

    // 2x2, CHW: red at (0,0), green at (1,0), blue at (0,1), black at (1,1).
    private static final FloatImage QUADRANTS = new FloatImage(3, 2, 2, new float[] {
        1, 0, 0, 0,
        0, 1, 0, 0,
        0, 0, 1, 0});

    @TempDir
    Path dir;

    @BeforeAll
    static void toolkit() throws Exception {
        Fx.start();
    }

    /** Upscaling is nearest-neighbour by a whole factor: each source pixel is an exact square, no blending. */
    @Test
    void smallImagesAreMagnifiedIntoCrispSquares() throws Exception {
        WritableImage shot = Fx.call(() -> {
            ImageGridView grid = new ImageGridView();
            grid.setRows(List.of(new ImageGridView.Row("reconstruction", List.of(QUADRANTS), List.of("PSNR 9 dB"))));
            new Scene(new StackPane(grid), 240, 240);
            grid.applyCss();
            grid.resize(240, 240);
            grid.layout();
            SnapshotParameters p = new SnapshotParameters();
            p.setFill(Color.WHITE);
            return grid.snapshot(p, null);
        });
        PixelReader px = shot.getPixelReader();
        int red = 0;
        int green = 0;
        int blended = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int argb = px.getArgb(x, y);
                int r = (argb >> 16) & 0xff;
                int g = (argb >> 8) & 0xff;
                int b = argb & 0xff;
                if (argb == 0xffff0000) {
                    red++;
                } else if (argb == 0xff00ff00) {
                    green++;
                } else if (r > 40 && g > 40 && b < 40) {
                    blended++; // yellowish: red and green mixed by smoothing
                }
            }
        }
        double side = Math.sqrt(red);
        assertTrue(side >= 40, "the 2x2 image fills a good part of the view, got a red block of " + red + " px");
        // The software renderer may place the edge between two source pixels one screen pixel off.
        assertEquals(1.0, (double) green / red, 0.05, "every source pixel gets a block of the same size");
        assertEquals(0, blended, "no blending between neighbouring pixels");
    }

    @Test
    void showsThePlaceholderWhenEmptyAndWritesPng() throws Exception {
        Path png = dir.resolve("grid.png");
        boolean placeholderShown = Fx.call(() -> {
            ImageGridView grid = new ImageGridView();
            grid.setPlaceholder("No run yet");
            new Scene(new StackPane(grid), 200, 150);
            grid.applyCss();
            grid.resize(200, 150);
            grid.layout();
            boolean shown = grid.getChildrenUnmodifiable().stream()
                    .anyMatch(n -> n.isVisible() && n instanceof javafx.scene.control.Label l
                            && l.getText().equals("No run yet"));
            grid.setRows(List.of(new ImageGridView.Row("truth", List.of(QUADRANTS))));
            grid.layout();
            grid.writePng(png);
            return shown;
        });
        assertTrue(placeholderShown);
        assertTrue(Files.size(png) > 0);
        java.awt.image.BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(200, read.getWidth());
        assertFalse(read.getColorModel().hasAlpha());
    }
}
