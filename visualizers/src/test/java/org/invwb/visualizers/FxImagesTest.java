package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.junit.jupiter.api.Test;

class FxImagesTest {

    @Test
    void colourPixelsArePackedAsOpaqueArgbRowByRow() {
        // 1 row, 2 columns, CHW: red plane, green plane, blue plane.
        FloatImage img = new FloatImage(3, 1, 2, new float[] {1f, 0f, 0f, 1f, 0.5f, 0f});
        assertArrayEquals(new int[] {0xffff0080, 0xff00ff00}, FxImages.argb(img));
    }

    @Test
    void greyIsRepeatedIntoTheThreeChannels() {
        FloatImage img = new FloatImage(1, 2, 1, new float[] {0f, 1f});
        assertArrayEquals(new int[] {0xff000000, 0xffffffff}, FxImages.argb(img));
    }

    @Test
    void outOfRangeIsClampedAndNanIsBlack() {
        FloatImage img = new FloatImage(1, 1, 3, new float[] {-0.3f, 1.7f, Float.NaN});
        assertArrayEquals(new int[] {0xff000000, 0xffffffff, 0xff000000}, FxImages.argb(img));
    }

    /** The screen shows exactly the bytes the run folder's PNGs hold. */
    @Test
    void agreesWithThePngWriterOnEveryPixel() {
        SplittableRandom random = new SplittableRandom(7);
        float[] px = new float[3 * 5 * 4];
        for (int i = 0; i < px.length; i++) {
            px[i] = (float) (random.nextDouble() * 1.2 - 0.1);
        }
        FloatImage img = new FloatImage(3, 5, 4, px);
        BufferedImage png = PngCodec.toBuffered(img);
        int[] argb = FxImages.argb(img);
        for (int y = 0; y < 5; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(png.getRGB(x, y), argb[y * 4 + x], "pixel " + x + "," + y);
            }
        }
    }
}
