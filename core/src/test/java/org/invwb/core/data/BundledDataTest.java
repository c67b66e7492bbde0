package org.invwb.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BundledDataTest {

    @Test
    void namesAreTheContractedOnes() {
        assertEquals(List.of("fashion-mnist-train", "fashion-mnist-test", "mnist-train", "mnist-test", "photos"),
                BundledData.names());
    }

    /**
     * Counts and shapes of the subsets, and their mean intensity against the published per-set means
     * (MNIST 0.1307, Fashion-MNIST 0.2860, over the full training sets), a check that the bytes decode right.
     */
    @ParameterizedTest
    @CsvSource({
        "fashion-mnist-train, 2000, 0.2860, 150",
        "fashion-mnist-test,  1000, 0.2860, 75",
        "mnist-train,         2000, 0.1307, 200",
        "mnist-test,          1000, 0.1307, 100",
    })
    void idxSubsetsLoadWithAllTenClasses(String name, int count, double publishedMean, int minPerClass)
            throws Exception {
        ImageBatch batch = BundledData.load(name);
        assertEquals(count, batch.count());
        assertEquals(1, batch.channels());
        assertEquals(28, batch.height());
        assertEquals(28, batch.width());
        assertEquals(10, batch.numClasses());
        assertEquals(name.startsWith("fashion") ? ClassNames.FASHION_MNIST : ClassNames.MNIST, batch.classNames());
        int[] perClass = new int[10];
        for (int label : batch.labels()) {
            perClass[label]++;
        }
        for (int c = 0; c < 10; c++) {
            assertTrue(perClass[c] >= minPerClass, name + " has only " + perClass[c] + " images of class " + c);
        }
        double sum = 0;
        for (float v : batch.pixels()) {
            assertTrue(v >= 0f && v <= 1f);
            sum += v;
        }
        assertEquals(publishedMean, sum / batch.pixels().length, 0.02);
    }

    @Test
    void mnistSplitsShareNoImage() throws Exception {
        ImageBatch train = BundledData.load("mnist-train");
        ImageBatch test = BundledData.load("mnist-test");
        Set<List<Float>> seen = new HashSet<>();
        for (FloatImage img : train.images()) {
            seen.add(asList(img.pixels()));
        }
        for (FloatImage img : test.images()) {
            assertFalse(seen.contains(asList(img.pixels())), "a test image also appears in the training subset");
        }
    }

    @Test
    void photosAreTwelveColourSquaresInNameOrder() throws Exception {
        ImageBatch photos = BundledData.load("photos");
        assertEquals(12, photos.count());
        assertEquals(3, photos.channels());
        assertEquals(BundledData.PHOTO_SIZE, photos.height());
        assertEquals(BundledData.PHOTO_SIZE, photos.width());
        assertNull(photos.labels());
        List<String> names = BundledData.photoNames();
        assertEquals(12, names.size());
        assertEquals(names.stream().sorted().toList(), names);
        // the cat is a colour photograph: its channels differ; the camera man is grey: they are equal
        FloatImage chelsea = photos.image(names.indexOf("chelsea"));
        FloatImage camera = photos.image(names.indexOf("camera"));
        assertTrue(channelDifference(chelsea) > 0.05, "chelsea should be in colour");
        assertEquals(0.0, channelDifference(camera), 1e-6);
    }

    @Test
    void unknownNameListsTheAvailableOnes() {
        DataException e = assertThrows(DataException.class, () -> BundledData.load("cifar"));
        assertTrue(e.getMessage().contains("cifar") && e.getMessage().contains("mnist-train"), e.getMessage());
    }

    private static List<Float> asList(float[] px) {
        Float[] boxed = new Float[px.length];
        for (int i = 0; i < px.length; i++) {
            boxed[i] = px[i];
        }
        return List.of(boxed);
    }

    /** Mean absolute difference between the red and blue channels. */
    private static double channelDifference(FloatImage img) {
        double sum = 0;
        int n = img.height() * img.width();
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                sum += Math.abs(img.get(0, y, x) - img.get(2, y, x));
            }
        }
        return sum / n;
    }
}
