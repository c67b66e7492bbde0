package org.invwb.core.run;

import java.util.Collection;

/**
 * A spec (or one value in it) that cannot be used. The path names the offending field in the
 * spec's own terms ({@code parameters.iterations}), or the file for malformed JSON, so the message
 * alone tells the user what to fix.
 */
public class SpecException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String path;

    public SpecException(String path, String message) {
        super(path + ": " + message);
        this.path = path;
    }

    public String path() {
        return path;
    }

    static SpecException unknownField(String path, Collection<String> allowed) {
        return new SpecException(path, "unknown field; allowed: " + String.join(", ", allowed));
    }
}
