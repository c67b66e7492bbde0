package org.invwb.core.attack.backdoor;

import java.util.List;
import java.util.SplittableRandom;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * A backdoor trigger stamped on images whose pixels lie in [0, 1], the range every image of the
 * workbench has. A patch trigger (BadNets: Gu, Dolan-Gavitt and Garg, arXiv 1708.06733) replaces a
 * small square near a corner by a white or checkered pattern; a blended trigger (Chen, Liu, Li, Lu
 * and Song, arXiv 1712.05526) mixes the whole image with a fixed key pattern,
 * {@code (1 − α)·x + α·k}. Either way the result stays in [0, 1].
 */
public final class Trigger implements ImageStamp {

    public static final String PATCH = "patch";
    public static final String BLEND = "blend";
    static final List<String> CORNERS = List.of("bottom-right", "bottom-left", "top-right", "top-left");

    /** The trigger's declared parameters (spec section {@code backdoor} of backdoored training). */
    public static final ParamSet PARAMETERS = ParamSet.of(
            ParamDecl.integer("targetClass", 0, 0, 100_000, "class the trigger makes the model predict"),
            ParamDecl.real("poisonFraction", 0.1, 0, 1, "fraction of the training images that carry the trigger"
                    + " and are relabelled to targetClass, drawn once from the seed").paper("0.1 (BadNets, MNIST)"),
            ParamDecl.choice("trigger", PATCH, List.of(PATCH, BLEND),
                    "patch: a square stamped near a corner (BadNets); blend: (1 − α)·x + α·key over the whole image"
                    + " (Chen et al. 2017)"),
            ParamDecl.integer("patchSize", 3, 1, 1024, "patch: side of the square").unit("px").group(PATCH)
                    .paper("3 (BadNets, MNIST single-pixel and pattern backdoors)"),
            ParamDecl.choice("corner", CORNERS.get(0), CORNERS, "patch: the corner the square sits in").group(PATCH),
            ParamDecl.integer("margin", 1, 0, 1024, "patch: distance from the square to the image's edges")
                    .unit("px").group(PATCH),
            ParamDecl.choice("pattern", "white", List.of("white", "checker"),
                    "patch: all pixels 1 (white), or alternating 1 and 0 starting with 1 at the square's top-left")
                    .group(PATCH),
            ParamDecl.real("blendAlpha", 0.2, 0, 1, "blend: weight α of the key pattern").group(BLEND)
                    .paper("0.2 (Chen et al. 2017, random-noise key in training)"),
            ParamDecl.integer("keySeed", 0, 0, Integer.MAX_VALUE,
                    "blend: seed of the key, an image of uniform noise in [0, 1]").group(BLEND));

    private final int channels;
    private final int height;
    private final int width;
    /** Per pixel of the CHW image: the weight of the trigger's value (0 keeps the image). */
    private final float[] weight;
    private final float[] value;

    private Trigger(int channels, int height, int width, float[] weight, float[] value) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.weight = weight;
        this.value = value;
    }

    /** The trigger a {@link #PARAMETERS} section describes, for images of the given shape. */
    public static Trigger of(ParamValues p, int channels, int height, int width) throws SpecException {
        int plane = height * width;
        float[] weight = new float[channels * plane];
        float[] value = new float[channels * plane];
        if (p.getString("trigger").equals(BLEND)) {
            float alpha = (float) p.getDouble("blendAlpha");
            SplittableRandom key = new SplittableRandom(p.getInt("keySeed"));
            for (int i = 0; i < value.length; i++) {
                weight[i] = alpha;
                value[i] = (float) key.nextDouble();
            }
            return new Trigger(channels, height, width, weight, value);
        }
        int size = p.getInt("patchSize");
        int margin = p.getInt("margin");
        if (size + margin > Math.min(height, width)) {
            throw new SpecException("backdoor.patchSize", "a " + size + " px patch " + margin + " px from the edges"
                    + " does not fit a " + height + "×" + width + " image; patchSize + margin must be at most "
                    + Math.min(height, width));
        }
        String corner = p.getString("corner");
        int top = corner.startsWith("top") ? margin : height - margin - size;
        int left = corner.endsWith("left") ? margin : width - margin - size;
        boolean checker = p.getString("pattern").equals("checker");
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < size; y++) {
                for (int x = 0; x < size; x++) {
                    int i = c * plane + (top + y) * width + left + x;
                    weight[i] = 1;
                    value[i] = checker && (x + y) % 2 == 1 ? 0 : 1;
                }
            }
        }
        return new Trigger(channels, height, width, weight, value);
    }

    @Override
    public void apply(float[] pixels, int offset) {
        for (int i = 0; i < weight.length; i++) {
            float w = weight[i];
            if (w != 0) {
                pixels[offset + i] = (1 - w) * pixels[offset + i] + w * value[i];
            }
        }
    }

    /** Number of values of one image: channels × height × width. */
    public int imageSize() {
        return channels * height * width;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }
}
