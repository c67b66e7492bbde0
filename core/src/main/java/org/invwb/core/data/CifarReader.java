package org.invwb.core.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads the binary versions of CIFAR-10 and CIFAR-100 (Krizhevsky 2009): fixed-length records of label
 * byte(s) then 3072 pixel bytes, 1024 red, 1024 green, 1024 blue, each a 32x32 row-major plane (so CHW).
 */
public final class CifarReader {

    private static final int SIDE = 32;
    private static final int PIXELS = 3 * SIDE * SIDE;

    /** The two record layouts; CIFAR-100 records hold the coarse label, then the fine one, which is used. */
    public enum Layout {
        CIFAR10("CIFAR-10", 1, ClassNames.CIFAR10),
        CIFAR100("CIFAR-100", 2, ClassNames.CIFAR100);

        final String title;
        final int labelBytes;
        final List<String> classNames;

        Layout(String title, int labelBytes, List<String> classNames) {
            this.title = title;
            this.labelBytes = labelBytes;
            this.classNames = classNames;
        }

        public int recordBytes() {
            return labelBytes + PIXELS;
        }
    }

    private CifarReader() {
    }

    /** Reads a file whose layout {@link #detect} can tell. */
    public static ImageBatch read(Path file) throws DataException {
        return read(file, detect(file));
    }

    public static ImageBatch read(Path file, Layout layout) throws DataException {
        long size = size(file);
        int record = layout.recordBytes();
        if (size == 0 || size % record != 0) {
            throw new DataException(file, "truncated file: " + size + " bytes is not a whole number of " + record
                    + "-byte " + layout.title + " records (" + size / record + " records + " + size % record
                    + " bytes)");
        }
        if (size / record > (Integer.MAX_VALUE - 8) / PIXELS) {
            throw new DataException(file, size / record + " records are too many to hold in one batch");
        }
        int count = (int) (size / record);
        float[] pixels = new float[count * PIXELS];
        int[] labels = new int[count];
        byte[] buf = new byte[record];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            for (int i = 0; i < count; i++) {
                readRecord(in, buf, file, i);
                int label = buf[layout.labelBytes - 1] & 0xff;
                if (label >= layout.classNames.size()) {
                    throw new DataException(file, "record " + i + " has label " + label + ", outside the "
                            + layout.classNames.size() + " " + layout.title + " classes (is this a "
                            + (layout == Layout.CIFAR10 ? "CIFAR-100" : "CIFAR-10") + " file?)");
                }
                labels[i] = label;
                for (int k = 0; k < PIXELS; k++) {
                    pixels[i * PIXELS + k] = (buf[layout.labelBytes + k] & 0xff) / 255f;
                }
            }
        } catch (DataException e) {
            throw e;
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
        return new ImageBatch(pixels, count, 3, SIDE, SIDE, labels, layout.classNames.size(), layout.classNames);
    }

    /**
     * Tells the layout by the names the data sets ship with ({@code data_batch_N.bin}, {@code test_batch.bin}
     * for CIFAR-10; {@code train.bin}, {@code test.bin} for CIFAR-100), else by which record length divides the
     * file length.
     */
    public static Layout detect(Path file) throws DataException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.matches("(data_batch_\\d+|test_batch)\\.bin")) {
            return Layout.CIFAR10;
        }
        if (name.matches("(train|test)\\.bin")) {
            return Layout.CIFAR100;
        }
        long size = size(file);
        boolean fits10 = size > 0 && size % Layout.CIFAR10.recordBytes() == 0;
        boolean fits100 = size > 0 && size % Layout.CIFAR100.recordBytes() == 0;
        if (fits10 != fits100) {
            return fits10 ? Layout.CIFAR10 : Layout.CIFAR100;
        }
        throw new DataException(file, "cannot tell CIFAR-10 (" + Layout.CIFAR10.recordBytes() + "-byte records) from"
                + " CIFAR-100 (" + Layout.CIFAR100.recordBytes() + "-byte records): the name is not data_batch_N.bin,"
                + " test_batch.bin, train.bin or test.bin and the length " + size
                + (fits10 ? " fits both" : " fits neither (truncated file?)"));
    }

    private static long size(Path file) throws DataException {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "no such file");
        } catch (IOException e) {
            throw new DataException(file, "cannot read: " + e.getMessage(), e);
        }
    }

    private static void readRecord(InputStream in, byte[] buf, Path file, int index) throws IOException {
        if (in.readNBytes(buf, 0, buf.length) != buf.length) {
            // the length was checked before, so the file shrank while being read
            throw new DataException(file, "truncated file, record " + index + " ends early");
        }
    }
}
