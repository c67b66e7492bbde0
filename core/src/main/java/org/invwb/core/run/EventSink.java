package org.invwb.core.run;

/** A consumer of run events. Called on the compute thread: hand heavy work elsewhere. */
@FunctionalInterface
public interface EventSink {
    void accept(RunEvent event);
}
