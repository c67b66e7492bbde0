package org.invwb.app.cli;

import java.io.IOException;
import java.util.Optional;
import java.util.function.Supplier;
import org.invwb.core.run.InversionMethod;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.RunFailure;
import org.invwb.core.run.SpecException;

/**
 * Catches the spec or data errors a method meets only once it runs (an unreadable image, a batch
 * larger than the data set), so the command can answer them as bad input (exit code 2) rather than
 * as a failed run. The run still ends as failed, with the error's message as its reason; as a
 * {@link RunFailure} it is reported without a stack trace.
 */
final class BadInputWatch {

    private volatile String message;

    /** The same method, watched. */
    MethodDescriptor watch(MethodDescriptor method) {
        Supplier<InversionMethod> factory = method.factory();
        return method.withFactory(() -> watched(factory.get()));
    }

    /** The message of the bad input the run stopped on, if it stopped on one. */
    Optional<String> message() {
        return Optional.ofNullable(message);
    }

    private InversionMethod watched(InversionMethod method) {
        return ctx -> {
            try {
                return method.run(ctx);
            } catch (SpecException | IOException e) {
                message = ErrorReporter.badInputMessage(e);
                throw new RunFailure(message, e);
            }
        };
    }
}
