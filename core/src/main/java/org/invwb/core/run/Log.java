package org.invwb.core.run;

/** A message for the user about the run (not a debugging log: that goes to SLF4J). */
public record Log(Level level, String message) implements RunEvent {

    public enum Level { DEBUG, INFO, WARN, ERROR }
}
