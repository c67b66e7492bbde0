package org.invwb.visualizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FramePacerTest {

    private static final long MS = 1_000_000L;

    @Test
    void asksMadeBeforeAFrameRunsAreOneFrame() throws Exception {
        // The window's thread is busy: frames handed to it wait in its queue.
        List<Runnable> queued = new CopyOnWriteArrayList<>();
        AtomicInteger frames = new AtomicInteger();
        FramePacer pacer = new FramePacer(queued::add, frames::incrementAndGet, MS);
        for (int i = 0; i < 1000; i++) {
            pacer.request();
            Thread.sleep(0, 100_000);
        }
        Thread.sleep(50);
        assertEquals(1, queued.size(), "a thousand asks while no frame ran are one frame");
        queued.get(0).run();
        assertEquals(1, frames.get());
        pacer.request();
        Thread.sleep(50);
        assertEquals(2, queued.size(), "an ask after the frame ran is the next frame");
    }

    @Test
    void framesComeAtMostOncePerIntervalAndKeepUp() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        FramePacer pacer = new FramePacer(Runnable::run, frames::incrementAndGet, 50 * MS);
        long end = System.nanoTime() + 1000 * MS;
        // An ask every millisecond for one second: a fast run at 1000 iterations a second.
        while (System.nanoTime() < end) {
            pacer.request();
            Thread.sleep(1);
        }
        Thread.sleep(100);
        int n = frames.get();
        assertTrue(n <= 22, "at most ~20 frames a second, got " + n);
        assertTrue(n >= 10, "but it keeps up, got " + n);
    }

    @Test
    void nothingAskedNothingRun() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        new FramePacer(Runnable::run, frames::incrementAndGet, MS);
        Thread.sleep(50);
        assertEquals(0, frames.get());
    }
}
