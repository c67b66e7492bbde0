package org.invwb.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.invwb.app.run.IterationRate;
import org.invwb.core.run.EventSink;
import org.invwb.core.run.Failed;
import org.invwb.core.run.Finished;
import org.invwb.core.run.Log;
import org.invwb.core.run.Progress;
import org.invwb.core.run.RunEvent;

/**
 * Shows a run's progress on the console. On a terminal, one line redrawn in place at most ~10 times
 * a second:
 * {@code [#########-----------]  123/300   45.2 it/s   gradientDistance 1.23e-03   PSNR 31.2 dB}.
 * Into a file or pipe, the same text as plain lines, at most every 5 seconds or every 10 % of the
 * run, so logs stay short; the last iteration is always shown.
 */
final class ConsoleProgress implements EventSink {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long PLAIN_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long RATE_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(3);
    private static final int BAR_WIDTH = 20;

    private final PrintWriter out;
    private final boolean terminal;
    private final int total;
    private final LongSupplier clock;
    private final IterationRate rate = new IterationRate(RATE_WINDOW_NANOS);

    private Progress latest;
    private boolean latestShown;
    private boolean anyShown;
    private long shownAt;
    private int shownIteration;
    private int drawnWidth;

    /**
     * @param terminal whether {@code out} is an interactive terminal (redraw in place) or a log
     * @param total    the iterations the run plans, 0 when unknown (no bar is drawn)
     * @param clock    nanosecond time, {@link System#nanoTime} outside tests
     */
    ConsoleProgress(PrintWriter out, boolean terminal, int total, LongSupplier clock) {
        this.out = out;
        this.terminal = terminal;
        this.total = total;
        this.clock = clock;
    }

    @Override
    public synchronized void accept(RunEvent event) {
        long now = clock.getAsLong();
        if (event instanceof Progress p) {
            rate.add(now, p.iteration());
            latest = p;
            latestShown = false;
            if (due(p, now)) {
                show(now);
            }
        } else if (event instanceof Log log && log.level().compareTo(Log.Level.INFO) >= 0) {
            message(log.level() == Log.Level.INFO ? log.message() : log.level() + ": " + log.message(), now);
        } else if (event instanceof Finished || event instanceof Failed) {
            if (latest != null && !latestShown) {
                show(now);
            }
            if (terminal && drawnWidth > 0) {
                out.println();
                drawnWidth = 0;
            }
            out.flush();
        }
    }

    private boolean due(Progress p, long now) {
        if (!anyShown) {
            return true; // the first iteration shows at once: the run has started
        }
        if (terminal) {
            return now - shownAt >= REDRAW_NANOS;
        }
        boolean nextTenth = total > 0 && p.iteration() <= total
                && p.iteration() * 10L / total > shownIteration * 10L / total;
        return nextTenth || now - shownAt >= PLAIN_NANOS;
    }

    private void show(long now) {
        String line = line(latest, rate.perSecond());
        if (terminal) {
            // \r returns to the line's start; spaces blank what a longer previous line left behind.
            out.print("\r" + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
            drawnWidth = line.length();
        } else {
            out.println(line);
        }
        out.flush();
        latestShown = true;
        anyShown = true;
        shownAt = now;
        shownIteration = latest.iteration();
    }

    // On a terminal the message takes the bar's line and the bar is drawn again below it.
    private void message(String text, long now) {
        if (terminal && drawnWidth > 0) {
            out.print("\r" + text + " ".repeat(Math.max(0, drawnWidth - text.length())) + System.lineSeparator());
            drawnWidth = 0;
            show(now);
        } else {
            out.println(text);
            out.flush();
        }
    }

    /** The progress text: bar and count (or the iteration alone), rate, the loss and PSNR when known. */
    private String line(Progress p, double perSecond) {
        StringBuilder text = new StringBuilder();
        // each method plans its total (restarts, stages and classes included); one that undercounts runs past it
        if (total > 0 && p.iteration() <= total) {
            int filled = (int) Math.min(BAR_WIDTH, (long) p.iteration() * BAR_WIDTH / total);
            text.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("]  ");
            String width = Integer.toString(String.valueOf(total).length());
            text.append(String.format(Locale.ROOT, "%" + width + "d/%d", p.iteration(), total));
        } else {
            text.append("iteration ").append(p.iteration());
        }
        if (Double.isFinite(perSecond)) {
            text.append(String.format(Locale.ROOT, "   %.1f it/s", perSecond));
        }
        for (Map.Entry<String, Double> scalar : p.scalars().entrySet()) {
            if (!scalar.getKey().equals("psnr") && !scalar.getKey().equals("ssim")) {
                // The first other scalar is the method's objective.
                text.append(String.format(Locale.ROOT, "   %s %.2e", scalar.getKey(), scalar.getValue()));
                break;
            }
        }
        Double psnr = p.scalars().get("psnr");
        if (psnr != null) {
            text.append(String.format(Locale.ROOT, "   PSNR %.1f dB", psnr));
        }
        return text.toString();
    }
}
