package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class JobTest {

    private final List<RunEvent> events = new CopyOnWriteArrayList<>();
    private final List<JobState> states = new CopyOnWriteArrayList<>();

    private Job job(String spec) throws Exception {
        MethodRegistry registry = FakeMethod.registry(FakeMethod::new);
        ResolvedSpec resolved = registry.resolve(Spec.parse(spec));
        Job job = new Job(registry.find("fake").orElseThrow(), resolved, 2, "cpu");
        job.addSink(events::add);
        job.addStateListener(states::add);
        return job;
    }

    private Job ending(String ending) throws Exception {
        return job("{\"method\": \"fake\", \"seed\": 3, \"parameters\": {\"ending\": \"" + ending + "\"}}");
    }

    private long count(Class<? extends RunEvent> type) {
        return events.stream().filter(type::isInstance).count();
    }

    @Test
    void doneRunReportsEverything() throws Exception {
        Job job = ending("done");
        assertEquals(JobState.QUEUED, job.state());
        RunReport report = job.execute();

        assertEquals("done", report.status());
        assertEquals("fake", report.method());
        assertEquals(3, report.seed());
        assertEquals("cpu", report.device());
        assertEquals(5, report.iterations());
        assertTrue(report.seconds() >= 0 && report.seconds() < 60);
        assertEquals(job.spec().asMap(), report.parameters());
        assertEquals(31.5, report.metrics().get("psnr"));
        assertTrue(report.converged());
        assertEquals("converged early", report.note());
        assertNull(report.reason());
        Instant.parse(report.startedAt());
        assertEquals("dev", report.versions().get("invwb"));
        assertEquals(System.getProperty("java.version"), report.versions().get("java"));

        assertEquals(5, count(Progress.class));
        assertEquals(2, count(Snapshot.class)); // iterations 2 and 4
        Finished last = assertInstanceOf(Finished.class, events.get(events.size() - 1));
        assertEquals(report, last.report());
        assertEquals(1, last.groundTruth().size());
        assertEquals(List.of(JobState.RUNNING, JobState.DONE), states);
        assertEquals(JobState.DONE, job.state());
    }

    @Test
    void runFailureBecomesAFailedRunWithItsMessage() throws Exception {
        Job job = ending("failure");
        RunReport report = job.execute();
        assertEquals("failed", report.status());
        assertEquals("objective became NaN", report.reason());
        assertEquals(5, report.iterations()); // the partial outcome the method carried
        assertTrue(Double.isNaN((Double) report.metrics().get("psnr")));
        Failed last = assertInstanceOf(Failed.class, events.get(events.size() - 1));
        assertEquals("objective became NaN", last.reason());
        assertEquals(report, last.report());
        assertEquals(JobState.FAILED, job.state());
    }

    @Test
    void anyOtherExceptionFailsWithItsMessageAndNoStackTrace() throws Exception {
        RunReport report = ending("crash").execute();
        assertEquals("failed", report.status());
        assertEquals("IllegalStateException: boom", report.reason());
        assertEquals(0, report.iterations());
        assertInstanceOf(Failed.class, events.get(events.size() - 1));
    }

    @Test
    void causesAreNamedOnOneLine() throws Exception {
        MethodDescriptor crashing = FakeMethod.descriptor(() -> ctx -> {
            throw new RuntimeException("translate failed", new ArithmeticException("/ by zero"));
        });
        ResolvedSpec spec = FakeMethod.registry(FakeMethod::new).resolve(Spec.parse("{\"method\": \"fake\"}"));
        RunReport report = new Job(crashing, spec, 0, "cpu").execute();
        assertEquals("RuntimeException: translate failed (cause: ArithmeticException: / by zero)", report.reason());
    }

    @Test
    void aMethodThatReturnsNothingFails() throws Exception {
        RunReport report = ending("nothing").execute();
        assertEquals("failed", report.status());
        assertEquals("fake returned no outcome", report.reason());
    }

    @Test
    void cancelledBeforeStartNeverRuns() throws Exception {
        Job job = ending("done");
        job.control().cancel();
        RunReport report = job.execute();
        assertEquals("cancelled", report.status());
        assertEquals(0, report.iterations());
        assertEquals(0, count(Progress.class));
        Finished last = assertInstanceOf(Finished.class, events.get(events.size() - 1));
        assertEquals("cancelled", last.report().status());
        assertEquals(List.of(JobState.RUNNING, JobState.CANCELLED), states);
    }

    @Test
    void cancelDuringTheRunKeepsWhatTheMethodReached() throws Exception {
        MethodRegistry registry = FakeMethod.registry(FakeMethod::new);
        ResolvedSpec spec = registry.resolve(Spec.parse("{\"method\": \"fake\", \"parameters\": {\"iterations\": 10}}"));
        Job[] holder = new Job[1];
        holder[0] = new Job(FakeMethod.descriptor(() -> new FakeMethod(i -> {
            if (i == 4) {
                holder[0].control().cancel();
            }
        })), spec, 0, "cpu");
        RunReport report = holder[0].execute();
        assertEquals("cancelled", report.status());
        assertEquals(4, report.iterations());
        assertEquals(0.5, report.metrics().get("psnr"));
        assertEquals(JobState.CANCELLED, holder[0].state());
    }

    @Test
    void aThrowingSinkDoesNotStopTheRunOrTheOtherSinks() throws Exception {
        Job job = ending("done");
        job.addSink(e -> {
            throw new IllegalStateException("sink broke");
        });
        List<RunEvent> after = new CopyOnWriteArrayList<>();
        job.addSink(after::add);
        assertEquals("done", job.execute().status());
        assertEquals(events, after);
        assertInstanceOf(Finished.class, after.get(after.size() - 1));
    }

    @Test
    void aJobRunsOnce() throws Exception {
        Job job = ending("done");
        job.execute();
        assertThrows(IllegalStateException.class, job::execute);
    }

    @Test
    void theSpecMustBeForTheMethod() throws Exception {
        ResolvedSpec spec = FakeMethod.registry(FakeMethod::new).resolve(Spec.parse("{\"method\": \"fake\"}"));
        assertThrows(IllegalArgumentException.class,
                () -> new Job(FakeMethod.descriptor("other", "test", FakeMethod::new), spec, 0, "cpu"));
    }

    @Test
    void snapshotCadenceFollowsTheContext() {
        RunContext every3 = new RunContext(null, e -> { }, new RunControl(), 3, "cpu");
        assertFalse(every3.wantsSnapshot(2));
        assertTrue(every3.wantsSnapshot(3));
        assertFalse(new RunContext(null, e -> { }, new RunControl(), 0, "cpu").wantsSnapshot(3));
    }
}
