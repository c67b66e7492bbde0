package org.invwb.core.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Small real data sets shipped inside the jar, so that every feature works without a download: subsets of
 * Fashion-MNIST and MNIST as gzipped IDX files and a dozen public-domain photographs. Sources and licences are
 * in {@code bundled/LICENSES.md} beside the files.
 */
public final class BundledData {

    /** Side of the square the photographs are returned at. */
    public static final int PHOTO_SIZE = 64;

    private static final String ROOT = "bundled/";

    /** Data set name -> IDX file stem under {@link #ROOT}. */
    private static final Map<String, String> IDX_SETS = Map.of(
            "fashion-mnist-train", "fashion-mnist/train",
            "fashion-mnist-test", "fashion-mnist/t10k",
            "mnist-train", "mnist/train",
            "mnist-test", "mnist/t10k");

    private static final List<String> NAMES =
            List.of("fashion-mnist-train", "fashion-mnist-test", "mnist-train", "mnist-test", "photos");

    // stored as 128x128 PNGs (centre-cropped squares), in file name order
    private static final List<String> PHOTOS = List.of("astronaut", "brick", "camera", "chelsea", "coffee", "coins",
            "gravel", "hubble_deep_field", "immunohistochemistry", "retina", "rocket", "text");

    private BundledData() {
    }

    public static List<String> names() {
        return NAMES;
    }

    /** Names of the photographs, in the order {@code load("photos")} returns them. */
    public static List<String> photoNames() {
        return PHOTOS;
    }

    public static ImageBatch load(String name) throws DataException {
        if (name.equals("photos")) {
            return photos();
        }
        String stem = IDX_SETS.get(name);
        if (stem == null) {
            throw new DataException("unknown bundled data set '" + name + "'; available: " + String.join(", ", NAMES));
        }
        List<String> classNames = name.startsWith("fashion") ? ClassNames.FASHION_MNIST : ClassNames.MNIST;
        String images = stem + "-images-idx3-ubyte.gz";
        String labels = stem + "-labels-idx1-ubyte.gz";
        try (InputStream img = open(images); InputStream lbl = open(labels)) {
            return IdxReader.read(img, "bundled:" + images, lbl, "bundled:" + labels, 10, classNames);
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException("bundled:" + stem + ": cannot read: " + e.getMessage());
        }
    }

    /** How many images {@code load(name)} gives, from the IDX header alone (no image is read). */
    public static int count(String name) throws DataException {
        if (name.equals("photos")) {
            return PHOTOS.size();
        }
        String stem = IDX_SETS.get(name);
        if (stem == null) {
            throw new DataException("unknown bundled data set '" + name + "'; available: " + String.join(", ", NAMES));
        }
        String images = stem + "-images-idx3-ubyte.gz";
        try (IdxFile file = IdxFile.open(open(images), "bundled:" + images, 3)) {
            return file.dims[0];
        }
    }

    private static ImageBatch photos() throws DataException {
        List<FloatImage> images = new ArrayList<>(PHOTOS.size());
        for (String photo : PHOTOS) {
            String path = "photos/" + photo + ".png";
            BufferedImage img;
            try (InputStream in = open(path)) {
                img = ImageIO.read(in);
            } catch (DataException e) {
                throw e;
            } catch (IOException e) {
                throw new DataException("bundled:" + path + ": cannot read: " + e.getMessage());
            }
            if (img == null) {
                throw new DataException("bundled:" + path + ": not a readable PNG");
            }
            images.add(Channels.convert(PngCodec.fromBuffered(img), 3));
        }
        return ImageBatch.of(images, null, 0, List.of()).resized(PHOTO_SIZE, PHOTO_SIZE);
    }

    private static InputStream open(String resource) throws DataException {
        InputStream in = BundledData.class.getResourceAsStream(ROOT + resource);
        if (in == null) {
            throw new DataException("bundled:" + resource + ": missing from the classpath (broken build?)");
        }
        return in;
    }
}
