package org.invwb.core.run;

import java.util.Optional;

/**
 * A method's own reason to stop (a NaN objective, a model that cannot be attacked this way). The
 * message is shown to the user as the run's reason; {@code partial} is what it had reached.
 */
public class RunFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient RunOutcome partial;

    public RunFailure(String message) {
        this(message, (RunOutcome) null);
    }

    public RunFailure(String message, Throwable cause) {
        super(message, cause);
        this.partial = null;
    }

    public RunFailure(String message, RunOutcome partial) {
        super(message);
        this.partial = partial;
    }

    public Optional<RunOutcome> partial() {
        return Optional.ofNullable(partial);
    }
}
