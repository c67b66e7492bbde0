package org.invwb.core.data;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns what a user names (in a spec file, on the command line, in a file chooser) into a batch: a bundled
 * data set or any file or folder one of the readers understands.
 */
public final class ImageSources {

    public static final String BUNDLED_PREFIX = "bundled:";

    private static final String ACCEPTED = "accepted sources: " + BUNDLED_PREFIX + "NAME with NAME one of "
            + String.join(", ", BundledData.names()) + "; a PNG/JPEG file; a folder of PNG/JPEG images (loose, or one"
            + " sub-folder per class); a folder holding an IDX pair (train-images-idx3-ubyte[.gz] +"
            + " train-labels-idx1-ubyte[.gz], or t10k-...); an IDX images file with its labels file beside it;"
            + " a CIFAR-10/CIFAR-100 binary .bin file";

    private ImageSources() {
    }

    /** Reads {@code source} and converts it to {@code channels} (1 or 3) at {@code height x width}. */
    public static ImageBatch load(String source, int channels, int height, int width) throws DataException {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        return read(source).withChannels(channels).resized(height, width);
    }

    /**
     * Reads {@code source} as stored. A folder holding IDX files gives its train pair, or its test pair when
     * it has no train pair; name the images file to pick the other one.
     */
    public static ImageBatch read(String source) throws DataException {
        if (source.startsWith(BUNDLED_PREFIX)) {
            return BundledData.load(source.substring(BUNDLED_PREFIX.length()));
        }
        Path path;
        try {
            path = Path.of(source);
        } catch (InvalidPathException e) {
            throw new DataException("'" + source + "' is not a valid path; " + ACCEPTED);
        }
        if (Files.isDirectory(path)) {
            List<Path> idx = IdxReader.imagesFiles(path);
            if (idx.isEmpty()) {
                return ImageFolderReader.read(path);
            }
            boolean hasTrain = idx.stream().anyMatch(p -> IdxReader.splitOf(p).equals("train"));
            return IdxReader.readFolder(path, hasTrain ? "train" : "test");
        }
        if (!Files.isRegularFile(path)) {
            throw new DataException(path, "no such file or folder; " + ACCEPTED);
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (ImageFolderReader.isImageFile(path)) {
            return ImageBatch.of(List.of(PngCodec.read(path)), null, 0, List.of());
        }
        if (name.endsWith(".bin")) {
            return CifarReader.read(path);
        }
        if (name.contains("-images-idx3-ubyte") || name.contains("-images.idx3-ubyte")) {
            return IdxReader.readImagesFile(path);
        }
        throw new DataException(path, "unrecognised kind of file; " + ACCEPTED);
    }
}
