package org.invwb.visualizers;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.invwb.core.data.FloatImage;

/** Converts core's {@link FloatImage}s to JavaFX images, and writes JavaFX images as PNG. */
public final class FxImages {

    private FxImages() {
    }

    /**
     * The image as opaque ARGB pixels, row by row. Values are clamped to [0, 1] and rounded to bytes as
     * {@code PngCodec} does, so the screen shows what the run folder's PNGs hold; NaN shows black and a
     * grey image is repeated into the three colour channels.
     */
    public static int[] argb(FloatImage image) {
        int h = image.height();
        int w = image.width();
        int[] out = new int[h * w];
        boolean grey = image.channels() == 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r = toByte(image.get(0, y, x));
                int g = grey ? r : toByte(image.get(1, y, x));
                int b = grey ? r : toByte(image.get(2, y, x));
                out[y * w + x] = 0xff000000 | (r << 16) | (g << 8) | b;
            }
        }
        return out;
    }

    /** A new JavaFX image of the same size; needs the JavaFX toolkit, not the FX thread. */
    public static WritableImage toImage(FloatImage image) {
        WritableImage out = new WritableImage(image.width(), image.height());
        out.getPixelWriter().setPixels(0, 0, image.width(), image.height(), PixelFormat.getIntArgbInstance(),
                argb(image), 0, image.width());
        return out;
    }

    /** Writes {@code image} as PNG, atomically: a temporary file beside {@code file}, then a rename. */
    public static void writePng(Image image, Path file) throws IOException {
        BufferedImage buffered = SwingFXUtils.fromFXImage(image, null);
        writePng(buffered, file);
    }

    static void writePng(BufferedImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".png");
        try {
            // Drop alpha: an opaque PNG looks the same in every viewer.
            BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
            rgb.getGraphics().drawImage(image, 0, 0, java.awt.Color.WHITE, null);
            if (!ImageIO.write(rgb, "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static int toByte(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }
}
