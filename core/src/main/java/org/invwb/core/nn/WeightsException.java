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
}
