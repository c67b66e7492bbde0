package org.invwb.core.data;

import static org.invwb.core.data.DataFiles.bytes;
import static org.invwb.core.data.DataFiles.gzip;
import static org.invwb.core.data.DataFiles.idxImages;
import static org.invwb.core.data.DataFiles.idxLabels;
import static org.invwb.core.data.DataFiles.ramp;
import static org.invwb.core.data.DataFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    @TempDir
    Path dir;

    // two 2x3 images, pixel bytes 0..11 (so pixel value = byte / 255)
    private Path images() throws Exception {
        return write(dir.resolve("train-images-idx3-ubyte"), idxImages(2, 2, 3, ramp(12)));
    }

    private Path labels(int... values) throws Exception {
        return write(dir.resolve("train-labels-idx1-ubyte"), idxLabels(bytes(values)));
    }

    private static void assertMessage(DataException e, String file, String problem) {
        assertTrue(e.getMessage().contains(file), () -> "message should name " + file + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), () -> "message should say " + problem + ": " + e.getMessage());
    }

    @Test
    void readsPixelsRowMajorAndLabels() throws Exception {
        ImageBatch batch = IdxReader.read(images(), labels(7, 2), 10, ClassNames.MNIST);
        assertEquals(2, batch.count());
        assertEquals(1, batch.channels());
        assertEquals(2, batch.height());
        assertEquals(3, batch.width());
        assertEquals(5 / 255f, batch.image(0).get(0, 1, 2));
        assertEquals(6 / 255f, batch.image(1).get(0, 0, 0));
        assertEquals(11 / 255f, batch.image(1).get(0, 1, 2));
        assertArrayEquals(new int[] {7, 2}, batch.labels());
        assertEquals(10, batch.numClasses());
        assertEquals(ClassNames.MNIST, batch.classNames());
    }

    @Test
    void fullByteRangeMapsToZeroOne() throws Exception {
        Path img = write(dir.resolve("x-images-idx3-ubyte"), idxImages(1, 1, 2, bytes(0, 255)));
        ImageBatch batch = IdxReader.read(img, null, 0, List.of());
        assertEquals(0f, batch.pixels()[0]);
        assertEquals(1f, batch.pixels()[1]);
        assertNull(batch.labels());
    }

    @Test
    void gzipIsDetectedByContentNotName() throws Exception {
        ImageBatch plain = IdxReader.read(images(), labels(1, 0), 2, List.of());
        // gzipped content under a plain name, and plain content under a .gz name
        Path gzImages = write(dir.resolve("g/train-images-idx3-ubyte"), gzip(idxImages(2, 2, 3, ramp(12))));
        Path plainLabelsNamedGz = write(dir.resolve("g/train-labels-idx1-ubyte.gz"), idxLabels(bytes(1, 0)));
        ImageBatch mixed = IdxReader.read(gzImages, plainLabelsNamedGz, 2, List.of());
        assertArrayEquals(plain.pixels(), mixed.pixels());
        assertArrayEquals(plain.labels(), mixed.labels());
    }

    @Test
    void transposeTurnsColumnMajorImagesUpright() throws Exception {
        // stored 2 rows x 3 cols: [[0,1,2],[3,4,5]]; EMNIST-style means the upright image is its transpose
        Path img = write(dir.resolve("emnist-images-idx3-ubyte"), idxImages(1, 2, 3, ramp(6)));
        ImageBatch batch = IdxReader.read(img, null, 0, List.of(), true);
        assertEquals(3, batch.height());
        assertEquals(2, batch.width());
        float[] expected = {0, 3, 1, 4, 2, 5};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i] / 255f, batch.pixels()[i]);
        }
    }

    @Test
    void numClassesDefaultsToLargestLabelPlusOne() throws Exception {
        assertEquals(8, IdxReader.read(images(), labels(7, 2), 0, List.of()).numClasses());
    }

    @Test
    void truncatedImageDataIsReported() throws Exception {
        Path img = write(dir.resolve("short-images-idx3-ubyte"), idxImages(3, 2, 3, ramp(12)));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(img, null, 0, List.of()));
        assertMessage(e, "short-images-idx3-ubyte", "truncated");
        assertTrue(e.getMessage().contains("after 2 whole images"), e.getMessage());
    }

    @Test
    void truncatedGzipIsReported() throws Exception {
        byte[] gz = gzip(idxImages(2, 2, 3, ramp(12)));
        Path img = write(dir.resolve("cut-images-idx3-ubyte.gz"), Arrays.copyOf(gz, gz.length - 12));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(img, null, 0, List.of()));
        assertMessage(e, "cut-images-idx3-ubyte.gz", "truncated");
    }

    @Test
    void truncatedHeaderIsReported() throws Exception {
        Path img = write(dir.resolve("stub-images-idx3-ubyte"), bytes(0, 0, 8, 3, 0, 0));
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(img, null, 0, List.of()));
        assertMessage(e, "stub-images-idx3-ubyte", "truncated");
    }

    @Test
    void wrongMagicNumberIsReported() throws Exception {
        Path png = write(dir.resolve("photo.png"), bytes(0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 0, 0, 0, 0, 0));
        assertMessage(assertThrows(DataException.class, () -> IdxReader.read(png, null, 0, List.of())),
                "photo.png", "wrong magic number");
        // a labels file given where images are expected
        Path lbl = labels(1, 2);
        assertMessage(assertThrows(DataException.class, () -> IdxReader.read(lbl, null, 0, List.of())),
                "train-labels-idx1-ubyte", "wrong magic number 0x00000801");
    }

    @Test
    void countMismatchNamesBothFiles() throws Exception {
        Path img = images();
        Path lbl = labels(1, 2, 3);
        DataException e = assertThrows(DataException.class, () -> IdxReader.read(img, lbl, 10, List.of()));
        assertMessage(e, "train-labels-idx1-ubyte", "count mismatch");
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte"), e.getMessage());
    }

    @Test
    void labelOutsideTheClassesIsReported() throws Exception {
        Path img = images();
        Path lbl = labels(3, 10);
        assertMessage(assertThrows(DataException.class, () -> IdxReader.read(img, lbl, 10, List.of())),
                "train-labels-idx1-ubyte", "label 10 of image 1");
    }

    @Test
    void missingFileIsReported() {
        Path img = dir.resolve("absent-images-idx3-ubyte");
        assertMessage(assertThrows(DataException.class, () -> IdxReader.read(img, null, 0, List.of())),
                "absent-images-idx3-ubyte", "no such file");
    }

    @Test
    void folderPairsAreFoundForTrainAndTest() throws Exception {
        Path fashion = dir.resolve("fashion");
        write(fashion.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(2, 2, 3, ramp(12))));
        write(fashion.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(bytes(9, 0))));
        write(fashion.resolve("t10k-images-idx3-ubyte"), idxImages(1, 2, 3, ramp(6)));
        write(fashion.resolve("t10k-labels-idx1-ubyte"), idxLabels(bytes(4)));
        ImageBatch train = IdxReader.readFolder(fashion, "train");
        assertEquals(2, train.count());
        assertArrayEquals(new int[] {9, 0}, train.labels());
        assertEquals(ClassNames.FASHION_MNIST, train.classNames());
        ImageBatch test = IdxReader.readFolder(fashion, "t10k");
        assertEquals(1, test.count());
        assertArrayEquals(new int[] {4}, test.labels());
        // a subset without the top class still counts the family's 10 classes
        assertEquals(10, test.numClasses());
    }

    @Test
    void emnistFilesAreTransposedByName() throws Exception {
        Path emnist = dir.resolve("emnist");
        write(emnist.resolve("emnist-letters-train-images-idx3-ubyte"), idxImages(1, 2, 3, ramp(6)));
        write(emnist.resolve("emnist-letters-train-labels-idx1-ubyte"), idxLabels(bytes(26)));
        ImageBatch batch = IdxReader.readFolder(emnist, "train");
        assertEquals(3, batch.height());
        assertEquals(2, batch.width());
        assertEquals(3 / 255f, batch.pixels()[1]);
        assertEquals(27, batch.numClasses());
    }

    @Test
    void folderErrorsNameTheFolderAndTheProblem() throws Exception {
        Path noPair = dir.resolve("nothing");
        write(noPair.resolve("readme.txt"), bytes(1));
        assertMessage(assertThrows(DataException.class, () -> IdxReader.readFolder(noPair, "train")),
                "nothing", "no train IDX images file");
        Path noLabels = dir.resolve("nolabels");
        write(noLabels.resolve("t10k-images-idx3-ubyte"), idxImages(1, 2, 3, ramp(6)));
        assertMessage(assertThrows(DataException.class, () -> IdxReader.readFolder(noLabels, "test")),
                "t10k-images-idx3-ubyte", "no labels file");
    }
}
