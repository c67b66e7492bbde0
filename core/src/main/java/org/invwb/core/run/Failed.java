package org.invwb.core.run;

/** The last event of a run that failed; {@code reason} is one line for the user, never a stack trace. */
public record Failed(String reason, RunReport report) implements RunEvent {
}
