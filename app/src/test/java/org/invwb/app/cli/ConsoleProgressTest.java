package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.invwb.core.run.Finished;
import org.invwb.core.run.Log;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {

    private final StringWriter text = new StringWriter();
    private long now;

    private ConsoleProgress progress(boolean terminal, int total) {
        return new ConsoleProgress(new PrintWriter(text), terminal, total, () -> now);
    }

    private static Progress step(int iteration, double loss, double psnr) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("gradientDistance", loss);
        scalars.put("psnr", psnr);
        scalars.put("ssim", 0.5);
        return new Progress(iteration, scalars);
    }

    private static Finished finished(int iterations) {
        return new Finished(new RunReport(RunReport.DONE, "fake", 0, "cpu", iterations, 1, Map.of(), Map.of(),
                true, null, null, "", Map.of()), List.of(), List.of());
    }

    @Test
    void terminalLineShowsBarCountRateLossAndPsnr() {
        ConsoleProgress p = progress(true, 300);
        for (int i = 1; i <= 123; i++) {
            now = TimeUnit.MILLISECONDS.toNanos(20L * i); // 50 iterations a second
            p.accept(step(i, 1.234e-3, 31.24));
        }
        p.accept(finished(123));
        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1).strip();
        assertEquals("[########------------]  123/300   50.0 it/s   gradientDistance 1.23e-03   PSNR 31.2 dB", last);
    }

    /** A method whose plan undercounts what it runs goes past the total: then the count stands alone. */
    @Test
    void pastTheTotalTheCountStandsAlone() {
        ConsoleProgress p = progress(true, 100);
        now = 1;
        p.accept(step(1, 1, 10));
        now = TimeUnit.SECONDS.toNanos(1);
        p.accept(step(250, 1, 10));
        String last = text.toString().substring(text.toString().lastIndexOf('\r') + 1).strip();
        assertTrue(last.startsWith("iteration 250 "), last);
    }

    @Test
    void terminalRedrawsAtMostTenTimesASecond() {
        ConsoleProgress p = progress(true, 1000);
        for (int i = 1; i <= 1000; i++) {
            now = TimeUnit.MILLISECONDS.toNanos(i); // one second in all
            p.accept(step(i, 1, 10));
        }
        long redraws = text.toString().chars().filter(c -> c == '\r').count();
        assertTrue(redraws <= 11, redraws + " redraws");
    }

    @Test
    void plainOutputPrintsEveryTenthOfTheRunPlusTheLastIteration() {
        ConsoleProgress p = progress(false, 95);
        for (int i = 1; i <= 95; i++) {
            now = TimeUnit.MILLISECONDS.toNanos(i); // fast: the 5 s rule never fires
            p.accept(step(i, 1, 10));
        }
        p.accept(finished(95));
        List<String> lines = text.toString().lines().toList();
        // iteration 1, then the first iteration of each further tenth (10, 19, 29, ... 86), then 95
        assertEquals(11, lines.size(), text.toString());
        assertTrue(lines.get(lines.size() - 1).contains("95/95"), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("\r")));
    }

    @Test
    void plainOutputPrintsEveryFiveSecondsOnASlowRun() {
        ConsoleProgress p = progress(false, 0); // no iteration count known: only time decides
        for (int i = 1; i <= 60; i++) {
            now = TimeUnit.SECONDS.toNanos(i);
            p.accept(step(i, 1, 10));
        }
        List<String> lines = text.toString().lines().toList();
        assertEquals(List.of(1, 6, 11), lines.subList(0, 3).stream()
                .map(l -> Integer.parseInt(l.split("\\s+")[1])).toList(), lines.toString());
        assertEquals(12, lines.size(), lines.toString());
    }

    @Test
    void logMessageOnATerminalGetsItsOwnLineAndTheBarComesBack() {
        ConsoleProgress p = progress(true, 10);
        p.accept(step(1, 1, 10));
        p.accept(new Log(Log.Level.WARN, "label recovery is ambiguous"));
        p.accept(new Log(Log.Level.DEBUG, "not for users"));
        String[] lines = text.toString().split(System.lineSeparator(), -1);
        assertEquals(2, lines.length, text.toString());
        assertTrue(lines[0].startsWith("\r[##"), lines[0]);
        assertTrue(lines[0].contains("\rWARN: label recovery is ambiguous"), lines[0]);
        assertTrue(lines[1].startsWith("\r[##------------------]   1/10"), lines[1]);
    }
}
