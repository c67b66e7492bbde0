package org.invwb.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.ParamValues;
import org.invwb.core.run.SpecException;

/**
 * The labelled images a spec's {@code data} section names for training (a classifier, a diffusion model,
 * a federated round): the first {@code count} images of the source (all for 0), at the model's input
 * size, each label within the model's classes, and only the classes {@code classes} keeps when the section
 * declares that field. Every refusal names the spec field.
 */
public final class LabelledImages {

    /**
     * The classes filter of a data section, as the model-inversion literature splits a data set: a GAN
     * trained on the classes a target classifier's owner did not use (the public ones), the target on
     * the private ones.
     */
    public static final ParamDecl CLASSES = ParamDecl.text("classes", "", "class indices kept, applied to every"
            + " source of the section, e.g. 0,1,2,3,4 or 0-4; empty keeps all classes");

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
        ImageBatch used = all;
        if (data.params().names().contains(CLASSES.name())) {
            used = keepClasses(used, classes(data), source);
        }
        int count = data.getInt(countField);
        if (count > used.count()) {
            throw new SpecException("data." + countField, count + " images asked for, but " + source + " holds only "
                    + used.count() + (used == all ? "" : " of the classes kept"));
        }
        if (count > 0 && count < used.count()) {
            int[] first = new int[count];
            for (int i = 0; i < count; i++) {
                first[i] = i;
            }
            used = used.subset(first);
        }
        for (int label : used.labels()) {
            if (label >= numClasses) {
                throw new SpecException("model.numClasses", source + " has label " + label + ", so the model needs"
                        + " more than " + numClasses + " classes");
            }
        }
        return used;
    }

    /**
     * How many images {@link #load} gives, when that is known without reading them: the count asked for,
     * or all of a bundled source kept whole; 0 when only reading the source would tell.
     */
    public static int knownCount(ParamValues data, String sourceField, String countField) {
        int count = data.getInt(countField);
        String source = data.getString(sourceField);
        boolean filtered = data.params().names().contains(CLASSES.name()) && !data.getString(CLASSES.name()).isBlank();
        if (count > 0 || filtered || !source.startsWith(ImageSources.BUNDLED_PREFIX)) {
            return count;
        }
        try {
            return BundledData.count(source.substring(ImageSources.BUNDLED_PREFIX.length()));
        } catch (DataException e) {
            return 0; // the run reports the source by name
        }
    }

    /** The class indices {@code data.classes} names, sorted; empty for all classes. */
    public static List<Integer> classes(ParamValues data) throws SpecException {
        String text = data.getString(CLASSES.name()).trim();
        TreeSet<Integer> kept = new TreeSet<>();
        if (text.isEmpty()) {
            return List.of();
        }
        for (String part : text.split(",")) {
            String item = part.trim();
            try {
                int dash = item.indexOf('-', 1);
                int from = Integer.parseInt((dash < 0 ? item : item.substring(0, dash)).trim());
                int to = dash < 0 ? from : Integer.parseInt(item.substring(dash + 1).trim());
                if (from < 0 || to < from) {
                    throw new NumberFormatException();
                }
                for (int c = from; c <= to; c++) {
                    kept.add(c);
                }
            } catch (NumberFormatException e) {
                throw new SpecException("data." + CLASSES.name(), "'" + item + "' is not a class index or a range"
                        + " FROM-TO of them (0 or more); write e.g. 0,1,2,3,4 or 0-4");
            }
        }
        return List.copyOf(kept);
    }

    private static ImageBatch keepClasses(ImageBatch batch, List<Integer> classes, String source)
            throws SpecException {
        if (classes.isEmpty()) {
            return batch;
        }
        List<Integer> picked = new ArrayList<>();
        int[] labels = batch.labels();
        for (int i = 0; i < batch.count(); i++) {
            if (classes.contains(labels[i])) {
                picked.add(i);
            }
        }
        if (picked.isEmpty()) {
            throw new SpecException("data." + CLASSES.name(), source + " holds no image of the classes " + classes);
        }
        return batch.subset(picked.stream().mapToInt(Integer::intValue).toArray());
    }
}
