package org.invwb.core.data;

import static org.invwb.core.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.invwb.core.data.CifarReader.Layout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

    private static final int PLANE = 32 * 32;

    @TempDir
    Path dir;

    /** One record: label bytes, then red, green, blue planes with pixel (y, x) = (y + x + 40 * channel) mod 256. */
    private static byte[] record(int... labels) {
        byte[] out = new byte[labels.length + 3 * PLANE];
        for (int i = 0; i < labels.length; i++) {
            out[i] = (byte) labels[i];
        }
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    out[labels.length + c * PLANE + y * 32 + x] = (byte) (y + x + 40 * c);
                }
            }
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] p : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + p.length);
            System.arraycopy(p, 0, out, at, p.length);
        }
        return out;
    }

    private static void assertMessage(DataException e, String file, String problem) {
        assertTrue(e.getMessage().contains(file), () -> "message should name " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "message should say " + problem + ": " + e.getMessage());
    }

    @Test
    void readsCifar10RecordsAsChwWithLabels() throws Exception {
        Path file = write(dir.resolve("data_batch_1.bin"), concat(record(3), record(9)));
        ImageBatch batch = CifarReader.read(file);
        assertEquals(2, batch.count());
        assertEquals(3, batch.channels());
        assertEquals(32, batch.height());
        assertEquals(32, batch.width());
        assertArrayEquals(new int[] {3, 9}, batch.labels());
        assertEquals(10, batch.numClasses());
        assertEquals("cat", batch.classNames().get(3));
        FloatImage img = batch.image(1);
        assertEquals((5 + 7) / 255f, img.get(0, 5, 7));
        assertEquals((5 + 7 + 40) / 255f, img.get(1, 5, 7));
        assertEquals((31 + 31 + 80) / 255f, img.get(2, 31, 31));
    }

    @Test
    void cifar100UsesTheFineLabel() throws Exception {
        Path file = write(dir.resolve("train.bin"), concat(record(4, 72), record(19, 99)));
        ImageBatch batch = CifarReader.read(file);
        assertArrayEquals(new int[] {72, 99}, batch.labels());
        assertEquals(100, batch.numClasses());
        assertEquals(100, batch.classNames().size());
        assertEquals("apple", batch.classNames().get(0));
        assertEquals("worm", batch.classNames().get(99));
        assertEquals((2 + 3 + 40) / 255f, batch.image(0).get(1, 2, 3));
    }

    @Test
    void layoutIsToldByNameThenByLength() throws Exception {
        assertEquals(Layout.CIFAR10, CifarReader.detect(write(dir.resolve("test_batch.bin"), record(1))));
        assertEquals(Layout.CIFAR100, CifarReader.detect(write(dir.resolve("test.bin"), record(1, 2))));
        assertEquals(Layout.CIFAR10, CifarReader.detect(write(dir.resolve("a.bin"), concat(record(1), record(2)))));
        assertEquals(Layout.CIFAR100, CifarReader.detect(write(dir.resolve("b.bin"), record(1, 2))));
        Path odd = write(dir.resolve("odd.bin"), new byte[100]);
        assertMessage(assertThrows(DataException.class, () -> CifarReader.detect(odd)), "odd.bin", "cannot tell");
    }

    @Test
    void truncatedFileIsReported() throws Exception {
        byte[] two = concat(record(1), record(2));
        Path file = write(dir.resolve("data_batch_2.bin"), Arrays.copyOf(two, two.length - 5));
        DataException e = assertThrows(DataException.class, () -> CifarReader.read(file));
        assertMessage(e, "data_batch_2.bin", "truncated");
        assertTrue(e.getMessage().contains("1 records + 3068 bytes"), e.getMessage());
    }

    @Test
    void emptyFileIsReported() throws Exception {
        Path file = write(dir.resolve("test_batch.bin"), new byte[0]);
        assertMessage(assertThrows(DataException.class, () -> CifarReader.read(file)), "test_batch.bin", "truncated");
    }

    @Test
    void labelOutsideTheClassesHintsAtTheOtherLayout() throws Exception {
        Path file = write(dir.resolve("data_batch_3.bin"), concat(record(1), record(57)));
        DataException e = assertThrows(DataException.class, () -> CifarReader.read(file, Layout.CIFAR10));
        assertMessage(e, "data_batch_3.bin", "record 1 has label 57");
        assertTrue(e.getMessage().contains("CIFAR-100"), e.getMessage());
    }

    @Test
    void missingFileIsReported() {
        Path file = dir.resolve("data_batch_9.bin");
        assertMessage(assertThrows(DataException.class, () -> CifarReader.read(file)), "data_batch_9.bin",
                "no such file");
    }
}
