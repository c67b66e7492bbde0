package org.invwb.core.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file or folder that cannot be used; the message names the file and the problem. */
public class DataException extends IOException {

    public DataException(String message) {
        super(message);
    }

    public DataException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public DataException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
