package org.invwb.core.fl;

import java.io.IOException;
import java.nio.file.Path;

/** A stored observation that cannot be used; the message names the file and what is wrong with it. */
public class ObservationException extends IOException {

    private static final long serialVersionUID = 1L;

    public ObservationException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ObservationException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
