package org.invwb.core.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random and mutated files fed to every reader: each must either read or refuse with a
 * {@link DataException} that names the file. Anything else (an index error, an out-of-memory from a
 * forged header, a hang) is a bug.
 */
class DataReaderFuzzTest {

    private static final int CASES = 300;

    @TempDir
    Path tmp;

    @FunctionalInterface
    private interface Reader {
        void read(Path file) throws DataException;
    }

    @Test
    void idxImagesAndLabels() throws Exception {
        byte[] images = DataFiles.idxImages(3, 4, 5, DataFiles.ramp(60));
        byte[] labels = DataFiles.idxLabels(DataFiles.bytes(1, 2, 0));
        Path labelFile = DataFiles.write(tmp.resolve("labels.idx"), labels);
        fuzz("images.idx", images, f -> IdxReader.read(f, labelFile, 0, null));
        fuzz("images.idx.gz", DataFiles.gzip(images), f -> IdxReader.read(f, labelFile, 0, null));
        Path imageFile = DataFiles.write(tmp.resolve("images-ok.idx"), images);
        fuzz("labels-fuzz.idx", labels, f -> IdxReader.read(imageFile, f, 0, null));
    }

    @Test
    void cifarBinary() throws Exception {
        byte[] record = new byte[1 + 3 * 32 * 32];
        record[0] = 7;
        byte[] two = new byte[record.length * 2];
        System.arraycopy(record, 0, two, 0, record.length);
        System.arraycopy(record, 0, two, record.length, record.length);
        fuzz("data_batch_1.bin", two, CifarReader::read);
    }

    @Test
    void pngImages() throws Exception {
        BufferedImage img = new BufferedImage(6, 5, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 3, 0x336699);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        fuzz("photo.png", out.toByteArray(), PngCodec::read);
    }

    private void fuzz(String name, byte[] valid, Reader reader) throws Exception {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        for (int i = 0; i < CASES; i++) {
            byte[] data = mutate(valid, random, i);
            Path file = DataFiles.write(tmp.resolve("case" + i).resolve(name), data);
            try {
                reader.read(file);
            } catch (DataException e) {
                assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "empty message, case " + i);
                if (!e.getMessage().contains(file.getFileName().toString()) && !e.getMessage().contains("labels")) {
                    fail("case " + i + ": message does not name the file: " + e.getMessage());
                }
            } catch (RuntimeException | OutOfMemoryError e) {
                Files.write(tmp.resolve("failing-" + name), data);
                throw new AssertionError("case " + i + " (" + data.length + " bytes): " + e, e);
            }
        }
    }

    /** Truncation, extension, random byte flips, forged header words, or pure noise. */
    private static byte[] mutate(byte[] valid, SplittableRandom random, int i) {
        switch (i % 5) {
            case 0:
                return java.util.Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1: {
                byte[] out = java.util.Arrays.copyOf(valid, valid.length + 1 + random.nextInt(64));
                for (int k = valid.length; k < out.length; k++) {
                    out[k] = (byte) random.nextInt(256);
                }
                return out;
            }
            case 2: {
                byte[] out = valid.clone();
                int flips = 1 + random.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    out[random.nextInt(out.length)] ^= (byte) (1 + random.nextInt(255));
                }
                return out;
            }
            case 3: {
                byte[] out = valid.clone();
                int at = random.nextInt(Math.min(16, out.length - 3));
                int forged = random.nextBoolean() ? Integer.MAX_VALUE - random.nextInt(1000) : random.nextInt();
                out[at] = (byte) (forged >>> 24);
                out[at + 1] = (byte) (forged >>> 16);
                out[at + 2] = (byte) (forged >>> 8);
                out[at + 3] = (byte) forged;
                return out;
            }
            default: {
                byte[] out = new byte[random.nextInt(200)];
                for (int k = 0; k < out.length; k++) {
                    out[k] = (byte) random.nextInt(256);
                }
                return out;
            }
        }
    }
}
