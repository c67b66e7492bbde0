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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSourcesTest {

    @TempDir
    Path dir;

    private static void assertShape(ImageBatch batch, int count, int channels, int height, int width) {
        assertEquals(count, batch.count());
        assertEquals(channels, batch.channels());
        assertEquals(height, batch.height());
        assertEquals(width, batch.width());
    }

    @Test
    void bundledSetsAreConvertedToTheRequestedShape() throws Exception {
        assertShape(ImageSources.load("bundled:photos", 1, 32, 32), 12, 1, 32, 32);
        ImageBatch mnist = ImageSources.load("bundled:mnist-test", 3, 32, 32);
        assertShape(mnist, 1000, 3, 32, 32);
        assertEquals(1000, mnist.labels().length);
    }

    @Test
    void singleImageFileOfAnySizeIsResized() throws Exception {
        float[] px = new float[3 * 50 * 70];
        Arrays.fill(px, 0.6f);
        Path file = dir.resolve("big.png");
        PngCodec.write(new FloatImage(3, 50, 70, px), file);
        ImageBatch batch = ImageSources.load(file.toString(), 3, 16, 16);
        assertShape(batch, 1, 3, 16, 16);
        assertNull(batch.labels());
        assertEquals(Math.round(0.6f * 255) / 255f, batch.pixels()[100], 1e-5);
    }

    @Test
    void imageFolderIsRead() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        PngCodec.write(new FloatImage(1, 8, 8, new float[64]), dir.resolve("a/x.png"));
        PngCodec.write(new FloatImage(1, 8, 8, new float[64]), dir.resolve("b/y.png"));
        ImageBatch batch = ImageSources.load(dir.toString(), 3, 4, 4);
        assertShape(batch, 2, 3, 4, 4);
        assertArrayEquals(new int[] {0, 1}, batch.labels());
    }

    @Test
    void idxFolderGivesItsTrainPairAndAnImagesFileItsOwnPair() throws Exception {
        write(dir.resolve("train-images-idx3-ubyte.gz"), gzip(idxImages(2, 2, 2, ramp(8))));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(idxLabels(bytes(5, 6))));
        Path test = write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(idxImages(1, 2, 2, ramp(4))));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(idxLabels(bytes(3))));
        ImageBatch train = ImageSources.load(dir.toString(), 1, 2, 2);
        assertArrayEquals(new int[] {5, 6}, train.labels());
        assertEquals(7 / 255f, train.pixels()[7]);
        ImageBatch t10k = ImageSources.load(test.toString(), 1, 2, 2);
        assertArrayEquals(new int[] {3}, t10k.labels());
    }

    @Test
    void cifarBinaryFileIsRead() throws Exception {
        byte[] record = new byte[1 + 3072];
        record[0] = 8;
        Path file = write(dir.resolve("test_batch.bin"), record);
        ImageBatch batch = ImageSources.load(file.toString(), 3, 32, 32);
        assertShape(batch, 1, 3, 32, 32);
        assertEquals("ship", batch.classNames().get(batch.labels()[0]));
    }

    @Test
    void unknownSourcesListWhatIsAccepted() throws Exception {
        Path odd = write(dir.resolve("weights.safetensors"), bytes(1, 2, 3));
        DataException e = assertThrows(DataException.class, () -> ImageSources.load(odd.toString(), 3, 32, 32));
        assertTrue(e.getMessage().contains("weights.safetensors"), e.getMessage());
        assertTrue(e.getMessage().contains("accepted sources"), e.getMessage());
        assertTrue(e.getMessage().contains("CIFAR"), e.getMessage());

        DataException missing = assertThrows(DataException.class,
                () -> ImageSources.load(dir.resolve("nowhere").toString(), 3, 32, 32));
        assertTrue(missing.getMessage().contains("nowhere") && missing.getMessage().contains("no such file"),
                missing.getMessage());

        DataException bundled = assertThrows(DataException.class, () -> ImageSources.load("bundled:x", 3, 32, 32));
        assertTrue(bundled.getMessage().contains("photos"), bundled.getMessage());
    }
}
