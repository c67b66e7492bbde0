package org.invwb.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    @TempDir
    Path dir;

    /** A grey image of the given size filled with {@code level} / 255 (PNG stores 8 bits, so this is exact). */
    private static void grey(Path file, int height, int width, int level) throws Exception {
        float[] px = new float[height * width];
        Arrays.fill(px, level / 255f);
        PngCodec.write(new FloatImage(1, height, width, px), file);
    }

    private static void rgb(Path file, int height, int width, int r, int g, int b) throws Exception {
        int plane = height * width;
        float[] px = new float[3 * plane];
        Arrays.fill(px, 0, plane, r / 255f);
        Arrays.fill(px, plane, 2 * plane, g / 255f);
        Arrays.fill(px, 2 * plane, 3 * plane, b / 255f);
        PngCodec.write(new FloatImage(3, height, width, px), file);
    }

    private static void assertMessage(DataException e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "message should contain " + part + ": " + e.getMessage());
        }
    }

    @Test
    void classSubFoldersGiveSortedLabels() throws Exception {
        Files.createDirectories(dir.resolve("zebra"));
        Files.createDirectories(dir.resolve("ant"));
        grey(dir.resolve("zebra/b.png"), 4, 5, 30);
        grey(dir.resolve("zebra/a.png"), 4, 5, 20);
        grey(dir.resolve("ant/only.png"), 4, 5, 10);
        Files.writeString(dir.resolve("zebra/notes.txt"), "not an image");
        ImageBatch batch = ImageFolderReader.read(dir);
        assertEquals(List.of("ant", "zebra"), batch.classNames());
        assertEquals(2, batch.numClasses());
        assertArrayEquals(new int[] {0, 1, 1}, batch.labels());
        // ant/only, zebra/a, zebra/b: files in name order within a class
        assertEquals(10 / 255f, batch.image(0).get(0, 0, 0));
        assertEquals(20 / 255f, batch.image(1).get(0, 3, 4));
        assertEquals(30 / 255f, batch.image(2).get(0, 1, 1));
        assertEquals(4, batch.height());
        assertEquals(5, batch.width());
    }

    @Test
    void looseImagesGiveOneUnlabeledBatch() throws Exception {
        grey(dir.resolve("2.png"), 3, 3, 200);
        grey(dir.resolve("1.png"), 3, 3, 100);
        Files.writeString(dir.resolve(".hidden.png"), "skipped");
        ImageBatch batch = ImageFolderReader.read(dir);
        assertEquals(2, batch.count());
        assertNull(batch.labels());
        assertEquals(100 / 255f, batch.image(0).get(0, 0, 0));
    }

    @Test
    void greyImagesArePromotedWhenTheFolderHasColour() throws Exception {
        grey(dir.resolve("a.png"), 2, 2, 51);
        rgb(dir.resolve("b.png"), 2, 2, 255, 0, 102);
        ImageBatch batch = ImageFolderReader.read(dir);
        assertEquals(3, batch.channels());
        FloatImage a = batch.image(0);
        for (int c = 0; c < 3; c++) {
            assertEquals(51 / 255f, a.get(c, 1, 1));
        }
        assertEquals(102 / 255f, batch.image(1).get(2, 0, 0));
    }

    @Test
    void mixedSizesNameBothFilesAndSizes() throws Exception {
        Files.createDirectories(dir.resolve("cats"));
        grey(dir.resolve("cats/a.png"), 32, 32, 0);
        grey(dir.resolve("cats/b.png"), 28, 30, 0);
        DataException e = assertThrows(DataException.class, () -> ImageFolderReader.read(dir));
        assertMessage(e, "mixed image sizes", "a.png", "32x32", "b.png", "30x28");
    }

    @Test
    void emptyFolderIsReported() throws Exception {
        Files.createDirectories(dir.resolve("empty"));
        Files.writeString(dir.resolve("empty/readme.txt"), "no images here");
        DataException e = assertThrows(DataException.class, () -> ImageFolderReader.read(dir.resolve("empty")));
        assertMessage(e, "empty", "empty folder");
    }

    @Test
    void unreadableImageIsNamed() throws Exception {
        grey(dir.resolve("good.png"), 2, 2, 0);
        Files.write(dir.resolve("broken.png"), new byte[] {1, 2, 3, 4});
        DataException e = assertThrows(DataException.class, () -> ImageFolderReader.read(dir));
        assertMessage(e, "broken.png", "not a PNG or JPEG");
    }

    @Test
    void looseImagesBesideClassFoldersAreAmbiguous() throws Exception {
        Files.createDirectories(dir.resolve("dogs"));
        grey(dir.resolve("dogs/a.png"), 2, 2, 0);
        grey(dir.resolve("stray.png"), 2, 2, 0);
        assertMessage(assertThrows(DataException.class, () -> ImageFolderReader.read(dir)), "stray.png", "dogs",
                "one layout");
    }

    @Test
    void missingFolderIsReported() {
        assertMessage(assertThrows(DataException.class, () -> ImageFolderReader.read(dir.resolve("gone"))), "gone",
                "no such folder");
    }
}
