package org.invwb.core.nn;

import java.io.IOException;
import java.nio.file.Path;

/** A weights file that cannot be used; the message names the file and the problem. */
public class WeightsException extends IOException {

    public WeightsException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public WeightsException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }

    /** For weights that are not a file of their own, e.g. {@code bundled:mlp-mnist}. */
    public WeightsException(String source, String problem) {
        super(source + ": " + problem);
    }
}
