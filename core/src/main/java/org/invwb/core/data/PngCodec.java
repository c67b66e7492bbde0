package org.invwb.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import javax.imageio.ImageIO;

/** Reads PNG/JPEG files into {@link FloatImage}s and writes them back as PNG. */
public final class PngCodec {

    private PngCodec() {
    }

    /** Grey images give one channel, everything else three (alpha dropped). */
    public static FloatImage read(Path file) throws DataException {
        BufferedImage img;
        try (InputStream in = Files.newInputStream(file)) {
            img = ImageIO.read(in);
        } catch (IOException e) {
            throw new DataException(file, "cannot read image: " + e.getMessage(), e);
        }
        if (img == null) {
            throw new DataException(file, "not a PNG or JPEG image (unknown or corrupt format)");
        }
        return fromBuffered(img);
    }

    public static FloatImage fromBuffered(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean grey = img.getColorModel().getNumColorComponents() == 1;
        if (grey) {
            float[] px = new float[h * w];
            var raster = img.getRaster();
            float max = (1 << img.getColorModel().getComponentSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    px[y * w + x] = raster.getSample(x, y, 0) / max;
                }
            }
            return new FloatImage(1, h, w, px);
        }
        float[] px = new float[3 * h * w];
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                int i = y * w + x;
                px[i] = ((rgb >> 16) & 0xff) / 255f;
                px[plane + i] = ((rgb >> 8) & 0xff) / 255f;
                px[2 * plane + i] = (rgb & 0xff) / 255f;
            }
        }
        return new FloatImage(3, h, w, px);
    }

    public static BufferedImage toBuffered(FloatImage image) {
        int w = image.width();
        int h = image.height();
        boolean grey = image.channels() == 1;
        BufferedImage out = new BufferedImage(w, h, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (grey) {
                    out.getRaster().setSample(x, y, 0, toByte(image.get(0, y, x)));
                } else {
                    int r = toByte(image.get(0, y, x));
                    int g = toByte(image.get(1, y, x));
                    int b = toByte(image.get(2, y, x));
                    out.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return out;
    }

    private static int toByte(float v) {
        if (Float.isNaN(v)) {
            return 0;
        }
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    /** Writes a PNG atomically: a temporary file beside the target, then a rename. */
    public static void write(FloatImage image, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".tmp-", ".png");
        try {
            if (!ImageIO.write(toBuffered(image), "png", tmp.toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Lays rows of images out as one picture, separated by {@code padding} white pixels. Grey images
     * are shown in colour when any image is in colour; images smaller than the largest cell are centred.
     */
    public static FloatImage grid(List<List<FloatImage>> rows, int padding) {
        int cellH = 0;
        int cellW = 0;
        int cols = 0;
        int channels = 1;
        for (List<FloatImage> row : rows) {
            cols = Math.max(cols, row.size());
            for (FloatImage img : row) {
                cellH = Math.max(cellH, img.height());
                cellW = Math.max(cellW, img.width());
                channels = Math.max(channels, img.channels());
            }
        }
        if (cols == 0) {
            throw new IllegalArgumentException("a grid needs at least one image");
        }
        int h = rows.size() * cellH + (rows.size() + 1) * padding;
        int w = cols * cellW + (cols + 1) * padding;
        float[] px = new float[channels * h * w];
        java.util.Arrays.fill(px, 1f);
        for (int r = 0; r < rows.size(); r++) {
            List<FloatImage> row = rows.get(r);
            for (int col = 0; col < row.size(); col++) {
                FloatImage img = row.get(col);
                int top = padding + r * (cellH + padding) + (cellH - img.height()) / 2;
                int left = padding + col * (cellW + padding) + (cellW - img.width()) / 2;
                for (int c = 0; c < channels; c++) {
                    int src = img.channels() == 1 ? 0 : c;
                    for (int y = 0; y < img.height(); y++) {
                        for (int x = 0; x < img.width(); x++) {
                            px[(c * h + top + y) * w + left + x] = img.get(src, y, x);
                        }
                    }
                }
            }
        }
        return new FloatImage(channels, h, w, px);
    }
}
