package org.invwb.core.data;

import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The labelled images a spec's {@code data} section names for training (a classifier, a diffusion model,
 * a federated round): the first {@code count} images of the source (all for 0), at the model's input
 * size, each label within the model's classes. Every refusal names the spec field.
 */
public final class LabelledImages {

    private LabelledImages() {
    }

    /**
     * @param sourceField field of {@code data} naming the source, e.g. {@code source} or {@code testSource}
     * @param countField  field of {@code data} giving how many images to use (0: all)
     * @param purpose     what needs the labels, for the message, e.g. "training"
     */
    public static ImageBatch load(ParamValues data, String sourceField, String countField, int channels, int size,
                                  int numClasses, String purpose) throws SpecException, DataException {
        String source = data.getString(sourceField);
        ImageBatch all = ImageSources.load(source, channels, size, size);
        if (!all.labeled()) {
            throw new SpecException("data." + sourceField, source + " has no labels; " + purpose + " needs labelled"
                    + " images (an image folder with one sub-folder per class, IDX or CIFAR files)");
        }
        int count = data.getInt(countField);
        if (count > all.count()) {
            throw new SpecException("data." + countField, count + " images asked for, but " + source + " holds only "
                    + all.count());
        }
        ImageBatch used = all;
        if (count > 0 && count < all.count()) {
            int[] first = new int[count];
            for (int i = 0; i < count; i++) {
                first[i] = i;
            }
            used = all.subset(first);
        }
        for (int label : used.labels()) {
            if (label >= numClasses) {
                throw new SpecException("model.numClasses", source + " has label " + label + ", so the model needs"
                        + " more than " + numClasses + " classes");
            }
        }
        return used;
    }
}
