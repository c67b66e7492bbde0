package org.invwb.core.run;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each event to every sink in turn. A sink that throws is logged and skipped for that event,
 * never allowed to stop the run or starve the other sinks.
 */
final class EventFanOut implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(EventFanOut.class);

    private final List<EventSink> sinks = new CopyOnWriteArrayList<>();
    private final Set<EventSink> complained = ConcurrentHashMap.newKeySet();

    void add(EventSink sink) {
        sinks.add(sink);
    }

    @Override
    public void accept(RunEvent event) {
        for (EventSink sink : sinks) {
            try {
                sink.accept(event);
            } catch (RuntimeException e) {
                // Once with the stack trace; a sink that fails on every iteration must not flood the log.
                if (complained.add(sink)) {
                    LOG.warn("event sink {} failed; the run goes on", sink, e);
                } else {
                    LOG.debug("event sink {} failed again: {}", sink, e.toString());
                }
            }
        }
    }
}
