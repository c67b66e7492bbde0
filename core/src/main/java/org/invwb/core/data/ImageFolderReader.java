package org.invwb.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads a folder of PNG/JPEG images, either one sub-folder per class (labels follow the sorted sub-folder
 * names, as torchvision's ImageFolder does) or loose images (one unlabeled batch). All images must have one
 * size: resizing is a choice the caller makes, never a silent one here. Grey images are promoted to colour
 * when the folder also holds colour ones. Hidden files and non-image files are skipped.
 */
public final class ImageFolderReader {

    private ImageFolderReader() {
    }

    public static ImageBatch read(Path folder) throws DataException {
        if (!Files.isDirectory(folder)) {
            throw new DataException(folder, Files.exists(folder) ? "not a folder" : "no such folder");
        }
        List<Path> loose = images(folder);
        List<Path> classDirs = new ArrayList<>();
        for (Path dir : visible(folder)) {
            if (Files.isDirectory(dir) && !images(dir).isEmpty()) {
                classDirs.add(dir);
            }
        }
        if (!loose.isEmpty() && !classDirs.isEmpty()) {
            throw new DataException(folder, "holds both loose images (" + loose.get(0).getFileName()
                    + ", ...) and class sub-folders with images (" + classDirs.get(0).getFileName()
                    + ", ...); use one layout");
        }
        if (!loose.isEmpty()) {
            return batch(folder, loose, null, List.of());
        }
        if (classDirs.isEmpty()) {
            throw new DataException(folder, "empty folder: it holds no PNG/JPEG images, neither loose nor in"
                    + " class sub-folders");
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> classNames = new ArrayList<>();
        for (Path dir : classDirs) {
            for (Path file : images(dir)) {
                files.add(file);
                labels.add(classNames.size());
            }
            classNames.add(dir.getFileName().toString());
        }
        return batch(folder, files, labels.stream().mapToInt(Integer::intValue).toArray(), classNames);
    }

    /** Whether the file name ends in .png, .jpg or .jpeg (any case). */
    public static boolean isImageFile(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
    }

    private static ImageBatch batch(Path folder, List<Path> files, int[] labels, List<String> classNames)
            throws DataException {
        List<FloatImage> images = new ArrayList<>(files.size());
        boolean colour = false;
        for (Path file : files) {
            FloatImage img = PngCodec.read(file);
            FloatImage first = images.isEmpty() ? img : images.get(0);
            if (img.height() != first.height() || img.width() != first.width()) {
                throw new DataException(folder, "mixed image sizes: " + folder.relativize(files.get(0)) + " is "
                        + first.width() + "x" + first.height() + " but " + folder.relativize(file) + " is "
                        + img.width() + "x" + img.height() + " (width x height); resize them to one size first");
            }
            colour |= img.channels() == 3;
            images.add(img);
        }
        if (colour) {
            images.replaceAll(img -> img.channels() == 3 ? img : Channels.convert(img, 3));
        }
        return ImageBatch.of(images, labels, classNames.size(), classNames);
    }

    private static List<Path> images(Path dir) throws DataException {
        List<Path> out = new ArrayList<>();
        for (Path p : visible(dir)) {
            if (Files.isRegularFile(p) && isImageFile(p)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Entries not starting with a dot, sorted by name so the order (and the labels) is reproducible. */
    private static List<Path> visible(Path dir) throws DataException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir, "cannot list folder: " + e.getMessage(), e);
        }
    }
}
