package org.invwb.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads IDX image/label files of the MNIST family (MNIST, Fashion-MNIST, KMNIST, EMNIST), gzipped or plain.
 * EMNIST stores each image transposed (column-major); {@code transpose} turns it upright.
 */
public final class IdxReader {

    /** {@code <prefix><split>-images-idx3-ubyte[.gz]}; the original MNIST site also spells it {@code images.idx3}. */
    private static final Pattern IMAGES_FILE =
            Pattern.compile("(.*?)(train|t10k|test)-images[-.]idx3-ubyte(\\.gz)?", Pattern.CASE_INSENSITIVE);

    private IdxReader() {
    }

    /**
     * @param labels     labels file, or null for an unlabeled batch
     * @param numClasses number of classes; 0 or less takes the largest label + 1
     */
    public static ImageBatch read(Path images, Path labels, int numClasses, List<String> classNames)
            throws DataException {
        return read(images, labels, numClasses, classNames, false);
    }

    public static ImageBatch read(Path images, Path labels, int numClasses, List<String> classNames,
                                  boolean transpose) throws DataException {
        try (IdxFile img = IdxFile.open(images, 3); IdxFile lbl = labels == null ? null : IdxFile.open(labels, 1)) {
            return read(img, lbl, numClasses, classNames, transpose);
        }
    }

    /** Same as the path form, for streams such as classpath resources; the names appear in error messages. */
    static ImageBatch read(InputStream images, String imagesName, InputStream labels, String labelsName,
                           int numClasses, List<String> classNames) throws DataException {
        try (IdxFile img = IdxFile.open(images, imagesName, 3); IdxFile lbl = IdxFile.open(labels, labelsName, 1)) {
            return read(img, lbl, numClasses, classNames, false);
        }
    }

    /**
     * Reads the {@code train} or {@code test} pair in a folder as the MNIST family ships it:
     * {@code train-images-idx3-ubyte.gz} + {@code train-labels-idx1-ubyte.gz}, {@code t10k-...} for test,
     * with any prefix such as {@code emnist-letters-}. See {@link #readImagesFile} for class names and EMNIST.
     */
    public static ImageBatch readFolder(Path folder, String split) throws DataException {
        String wanted = split.equalsIgnoreCase("t10k") ? "test" : split.toLowerCase(Locale.ROOT);
        if (!wanted.equals("train") && !wanted.equals("test")) {
            throw new IllegalArgumentException("split must be train or test, got " + split);
        }
        List<Path> found = imagesFiles(folder).stream().filter(p -> splitOf(p).equals(wanted)).toList();
        if (found.isEmpty()) {
            throw new DataException(folder, "holds no " + wanted + " IDX images file (*"
                    + (wanted.equals("test") ? "t10k" : "train") + "-images-idx3-ubyte[.gz])");
        }
        if (found.size() > 1) {
            throw new DataException(folder, "holds several " + wanted + " IDX images files, point to one of them: "
                    + found.stream().map(p -> p.getFileName().toString()).toList());
        }
        return readImagesFile(found.get(0));
    }

    /**
     * Reads an images file with the labels file beside it. Files whose name starts with {@code emnist} are
     * transposed; a folder or file named like Fashion-MNIST gets its class names. The class count is at least
     * 10 (every MNIST-family set has that many), so a subset missing the top class still counts it.
     */
    public static ImageBatch readImagesFile(Path images) throws DataException {
        Matcher m = IMAGES_FILE.matcher(images.getFileName().toString());
        if (!m.matches()) {
            throw new DataException(images, "not named like an IDX images file (*train-images-idx3-ubyte[.gz])");
        }
        Path labels = labelsFileFor(images, m);
        String where = images.toAbsolutePath().toString().toLowerCase(Locale.ROOT);
        boolean fashion = where.contains("fashion");
        boolean transpose = m.group(1).toLowerCase(Locale.ROOT).startsWith("emnist");
        ImageBatch batch = read(images, labels, 0, List.of(), transpose);
        int numClasses = Math.max(10, batch.numClasses());
        return new ImageBatch(batch.pixels(), batch.count(), batch.channels(), batch.height(), batch.width(),
                batch.labels(), numClasses, fashion && numClasses == 10 ? ClassNames.FASHION_MNIST : List.of());
    }

    /** The IDX images files directly in a folder, sorted by name (empty if none). */
    public static List<Path> imagesFiles(Path folder) throws DataException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> IMAGES_FILE.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DataException(folder, "cannot list folder: " + e.getMessage(), e);
        }
    }

    /** "train" or "test" (t10k counts as test). */
    static String splitOf(Path imagesFile) {
        Matcher m = IMAGES_FILE.matcher(imagesFile.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(imagesFile + " is not an IDX images file name");
        }
        return m.group(2).equalsIgnoreCase("train") ? "train" : "test";
    }

    private static Path labelsFileFor(Path images, Matcher m) throws DataException {
        String stem = m.group(1) + m.group(2);
        for (String suffix : List.of("-labels-idx1-ubyte.gz", "-labels-idx1-ubyte", "-labels.idx1-ubyte.gz",
                "-labels.idx1-ubyte")) {
            Path candidate = images.resolveSibling(stem + suffix);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new DataException(images, "no labels file beside it (expected " + stem + "-labels-idx1-ubyte[.gz])");
    }

    private static ImageBatch read(IdxFile img, IdxFile lbl, int numClasses, List<String> classNames,
                                   boolean transpose) throws DataException {
        int count = img.dims[0];
        int rows = img.dims[1];
        int cols = img.dims[2];
        if (lbl != null && lbl.dims[0] != count) {
            throw new DataException(lbl.name + ": holds " + lbl.dims[0] + " labels but the images file "
                    + img.name + " holds " + count + " images (count mismatch)");
        }
        long plane = (long) rows * cols;
        if (count * plane > Integer.MAX_VALUE - 8) {
            throw new DataException(img.name + ": " + count + " images of " + rows + "x" + cols
                    + " are too many to hold in one batch");
        }
        int total = (int) (count * plane);
        byte[] raw = img.readUpTo(total);
        if (raw.length < total) {
            throw new DataException(img.name + ": truncated file, the header promises " + count + " images of "
                    + rows + "x" + cols + " but the data ends after " + raw.length / plane + " whole images");
        }
        float[] pixels = new float[total];
        for (int k = 0; k < total; k++) {
            // transposed: stored (r, c) is the upright pixel (y = c, x = r) of a cols x rows image
            int within = (int) (k % plane);
            int dst = transpose ? (int) (k - within) + (within % cols) * rows + within / cols : k;
            pixels[dst] = (raw[k] & 0xff) / 255f;
        }
        int[] labels = lbl == null ? null : readLabels(lbl, numClasses);
        int classes = numClasses > 0 ? numClasses : labels == null ? 0 : maxPlusOne(labels);
        return new ImageBatch(pixels, count, 1, transpose ? cols : rows, transpose ? rows : cols, labels, classes,
                classNames);
    }

    private static int[] readLabels(IdxFile lbl, int numClasses) throws DataException {
        byte[] buf = lbl.readUpTo(lbl.dims[0]);
        if (buf.length < lbl.dims[0]) {
            throw new DataException(lbl.name + ": truncated file, the header promises " + lbl.dims[0]
                    + " labels but the data ends after " + buf.length);
        }
        int[] labels = new int[buf.length];
        for (int i = 0; i < buf.length; i++) {
            labels[i] = buf[i] & 0xff;
            if (numClasses > 0 && labels[i] >= numClasses) {
                throw new DataException(lbl.name + ": label " + labels[i] + " of image " + i + " is outside the "
                        + numClasses + " classes 0.." + (numClasses - 1));
            }
        }
        return labels;
    }

    private static int maxPlusOne(int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max + 1;
    }
}
