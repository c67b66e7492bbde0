package org.invwb.core.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A file a run produces beside its report (trained weights, a stored observation). The run folder
 * writes it through {@code writer} into a temporary file and moves it into place, so a reader never
 * finds half a file; other consumers may ignore it.
 *
 * @param fileName plain file name inside the run folder, e.g. {@code weights.safetensors}
 * @param writer   writes the whole file to the path it is given
 */
public record Artifact(String fileName, Writer writer) implements RunEvent {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    public Artifact {
        // a run writes inside its own folder and nowhere else
        if (fileName == null || !PLAIN_NAME.matcher(fileName).matches() || fileName.contains("..")) {
            throw new IllegalArgumentException("an artifact needs a plain file name, got \"" + fileName + "\"");
        }
        if (writer == null) {
            throw new IllegalArgumentException(fileName + ": writer missing");
        }
    }

    /** Writes the artifact's content to a file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }
}
