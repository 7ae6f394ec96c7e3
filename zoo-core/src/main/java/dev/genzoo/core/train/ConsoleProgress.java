package dev.genzoo.core.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * A compact console progress line: name, epoch, a bar over the whole run, step, losses,
 * examples/s and ETA. On a terminal the line is redrawn in place at most five times a second;
 * otherwise (logs, CI) a full line is printed at most every ten seconds and at each epoch end.
 * A hand-written renderer rather than a progress-bar library: it needs no terminal detection
 * beyond {@code System.console()} and adds no dependency.
 */
public final class ConsoleProgress implements ProgressListener {
    private static final int BAR = 20;

    private final PrintStream out;
    private final boolean interactive;
    private final long intervalNanos;
    private long lastPrint;
    private int lastWidth;

    /**
     * @param out         where to print (normally {@code System.err})
     * @param interactive redraw one line in place; false prints whole lines, throttled
     */
    public ConsoleProgress(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
        this.intervalNanos = interactive ? 200_000_000L : 10_000_000_000L;
        this.lastPrint = System.nanoTime();
    }

    /** On {@code System.err}, redrawing in place when a console is attached. */
    public static ConsoleProgress onStandardError() {
        return new ConsoleProgress(System.err, System.console() != null);
    }

    @Override
    public void onStep(Progress p) {
        long now = System.nanoTime();
        if (now - lastPrint < intervalNanos) {
            return;
        }
        lastPrint = now;
        print(render(p, null), false);
    }

    @Override
    public void onEpochEnd(Progress p, double epochLoss) {
        lastPrint = System.nanoTime();
        print(render(p, epochLoss), true);
    }

    @Override
    public void onCheckpoint(long step, Path folder, double millis) {
        if (!interactive) {
            out.printf(Locale.ROOT, "checkpoint at step %d: %s (%.0f ms)%n", step, folder, millis);
        }
    }

    @Override
    public void onEnd() {
        if (interactive && lastWidth > 0) {
            out.println();
            lastWidth = 0;
        }
        out.flush();
    }

    /** The progress line; with {@code epochLoss} set, the epoch summary. */
    static String render(Progress p, Double epochLoss) {
        StringBuilder s = new StringBuilder();
        s.append(p.name()).append("  epoch ").append(p.epoch()).append('/').append(p.epochs()).append(" [");
        int filled = p.totalSteps() == 0 ? BAR : (int) Math.min(BAR, BAR * p.step() / p.totalSteps());
        s.append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] step ").append(p.step()).append('/')
                .append(p.totalSteps());
        if (epochLoss != null) {
            s.append(String.format(Locale.ROOT, "  epoch %s %.4f", p.losses().primaryName(), epochLoss));
        } else {
            for (Map.Entry<String, Double> e : p.losses().losses().entrySet()) {
                s.append(String.format(Locale.ROOT, "  %s %.4f", e.getKey(), e.getValue()));
            }
        }
        s.append(String.format(Locale.ROOT, "  %.0f ex/s  ETA %s", p.examplesPerSecond(), duration(p.etaSeconds())));
        return s.toString();
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long t = Math.round(seconds);
        if (t >= 3600) {
            return String.format(Locale.ROOT, "%dh%02dm", t / 3600, t / 60 % 60);
        }
        return t >= 60 ? String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60) : t + "s";
    }

    private void print(String line, boolean endOfEpoch) {
        if (interactive) {
            int pad = Math.max(0, lastWidth - line.length());
            out.print("\r" + line + " ".repeat(pad));
            lastWidth = line.length();
            if (endOfEpoch) {
                out.println();
                lastWidth = 0;
            }
            out.flush();
        } else {
            out.println(line);
        }
    }
}
