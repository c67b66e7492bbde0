package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Pause, step, resume and cancel come from another thread (the GUI) while the run works. */
class RunControlTest {

    private static final long QUIET_MS = 50;

    private FakeMethod method;
    private Job job;
    private final List<JobState> states = new CopyOnWriteArrayList<>();
    private final AtomicReference<RunReport> report = new AtomicReference<>();

    private Thread start() throws Exception {
        method = new FakeMethod(i -> sleep(1)); // slow enough to be paused mid-run
        MethodRegistry registry = FakeMethod.registry(() -> method);
        ResolvedSpec spec = registry.resolve(Spec.parse(
                "{\"method\": \"fake\", \"parameters\": {\"iterations\": 100000}}"));
        job = new Job(registry.find("fake").orElseThrow(), spec, 0, "cpu");
        job.addStateListener(states::add);
        Thread compute = new Thread(() -> report.set(job.execute()), "compute");
        compute.start();
        return compute;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until the run is parked, then checks it stays at {@code expected} iterations. */
    private void assertParkedAt(int expected) throws Exception {
        Await.until("parked at " + expected, () -> method.done() == expected && job.state() == JobState.PAUSED);
        Thread.sleep(QUIET_MS);
        assertEquals(expected, method.done());
        assertEquals(JobState.PAUSED, job.state());
    }

    @Test
    void pauseStepResumeCancel() throws Exception {
        Thread compute = start();
        Await.until("a few iterations", () -> method.done() >= 3);

        job.control().pause();
        assertTrue(job.control().isPaused());
        Await.until("paused", () -> job.state() == JobState.PAUSED);
        int parked = method.done();
        assertParkedAt(parked);

        for (int k = 1; k <= 3; k++) {
            job.control().step();
            assertParkedAt(parked + k); // exactly one iteration per step
        }

        job.control().resume();
        assertFalse(job.control().isPaused());
        Await.until("running again", () -> method.done() > parked + 10);
        assertEquals(JobState.RUNNING, job.state());

        job.control().cancel();
        compute.join(10_000);
        assertFalse(compute.isAlive());
        assertEquals("cancelled", report.get().status());
        assertEquals(method.done(), report.get().iterations());
        assertEquals(JobState.CANCELLED, job.state());
        assertEquals(JobState.RUNNING, states.get(0));
        assertTrue(states.contains(JobState.PAUSED));
        assertEquals(JobState.CANCELLED, states.get(states.size() - 1));
    }

    @Test
    void cancelWakesAPausedRun() throws Exception {
        Thread compute = start();
        job.control().pause();
        Await.until("paused", () -> job.state() == JobState.PAUSED);
        job.control().cancel();
        compute.join(10_000);
        assertFalse(compute.isAlive());
        assertEquals("cancelled", report.get().status());
    }

    @Test
    void stepsAddUp() throws Exception {
        Thread compute = start();
        job.control().pause();
        Await.until("paused", () -> job.state() == JobState.PAUSED);
        int parked = method.done();
        job.control().step();
        job.control().step();
        assertParkedAt(parked + 2);
        job.control().cancel();
        compute.join(10_000);
    }

    @Test
    void checkpointPassesWhileRunningAndThrowsOnceCancelled() throws Exception {
        RunControl control = new RunControl();
        control.checkpoint();
        control.cancel();
        assertTrue(control.isCancelled());
        assertThrows(CancelledException.class, control::checkpoint);
    }

    @Test
    void anInterruptCountsAsCancel() throws Exception {
        RunControl control = new RunControl();
        control.pause();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                control.checkpoint();
            } catch (CancelledException e) {
                thrown.set(e);
            }
        });
        waiter.start();
        Await.until("waiting", () -> waiter.getState() == Thread.State.WAITING);
        waiter.interrupt();
        waiter.join(10_000);
        assertInstanceOf(CancelledException.class, thrown.get());
        assertTrue(control.isCancelled());
    }
}
