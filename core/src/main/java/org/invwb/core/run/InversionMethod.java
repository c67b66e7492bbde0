package org.invwb.core.run;

/**
 * One attack (or training recipe) as a job runs it. It reads its values from the context, emits
 * events as it goes, calls {@code ctx.control().checkpoint()} between iterations, and throws
 * {@link RunFailure} when it cannot go on (e.g. a NaN objective).
 */
@FunctionalInterface
public interface InversionMethod {
    RunOutcome run(RunContext ctx) throws Exception;
}
