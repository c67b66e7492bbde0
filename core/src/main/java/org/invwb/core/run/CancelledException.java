package org.invwb.core.run;

import java.util.Optional;

/**
 * Thrown by {@link RunControl#checkpoint()} once the run is cancelled. A method may rethrow it with
 * what it had reached, so the report of a cancelled run keeps its iterations and metrics.
 */
public class CancelledException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RunOutcome partial;

    public CancelledException() {
        this(null);
    }

    public CancelledException(RunOutcome partial) {
        super("cancelled");
        this.partial = partial;
    }

    public Optional<RunOutcome> partial() {
        return Optional.ofNullable(partial);
    }
}
