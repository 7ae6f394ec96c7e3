package dev.genzoo.core.weights;

import dev.genzoo.core.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The slowest download GenZoo waits for: at least {@code bytesPerSecond} on average over every
 * {@code window}. A read timeout alone does not end a download from a server that sends one byte
 * just before each timeout; this does, within about a window plus a read timeout.
 *
 * @param bytesPerSecond the minimum average rate, at least 1
 * @param window         the span the rate is averaged over, positive
 */
public record MinimumRate(long bytesPerSecond, Duration window) {
    /** The window of the default and of {@link #from(Settings)}: 60 s. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);
    /** 1 KiB/s over 60 s: a link slower than that would take over a day for the zoo's largest file. */
    public static final MinimumRate DEFAULT = new MinimumRate(Settings.DEFAULT_DOWNLOAD_MIN_RATE, DEFAULT_WINDOW);

    /** Checks the values. */
    public MinimumRate {
        if (bytesPerSecond < 1) {
            throw new IllegalArgumentException("bytesPerSecond must be >= 1, found " + bytesPerSecond);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, found " + window);
        }
    }

    /** The rate set by {@code -Dgenzoo.download.min.rate} or {@code GENZOO_DOWNLOAD_MIN_RATE}, over {@link #DEFAULT_WINDOW}. */
    public static MinimumRate from(Settings settings) {
        return new MinimumRate(settings.downloadMinRate(), DEFAULT_WINDOW);
    }

    /**
     * Copies {@code in} to {@code out}, at most {@code limit} bytes, and fails when a window passes
     * with less than the minimum rate.
     *
     * @param onBytes called with each chunk copied (e.g. to hash it)
     * @return the bytes copied
     * @throws LimitExceededException more than {@code limit} bytes
     * @throws IOException            a transfer below the rate, or a read failure
     */
    public long copy(InputStream in, OutputStream out, long limit, String from, ChunkListener onBytes)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        long windowNanos = window.toNanos();
        long windowStart = System.nanoTime();
        long windowBytes = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > limit) {
                throw new LimitExceededException("received more than the " + limit + " bytes expected from " + from);
            }
            onBytes.accept(buffer, n);
            out.write(buffer, 0, n);
            windowBytes += n;
            long now = System.nanoTime();
            if (now - windowStart >= windowNanos) {
                double seconds = (now - windowStart) / 1e9;
                if (windowBytes < bytesPerSecond * seconds) {
                    throw new IOException(String.format(java.util.Locale.ROOT, "%s sent %d bytes in %.1f s, below"
                            + " the minimum of %d bytes/s; the server or the link is stalled. Try again later, or"
                            + " lower the minimum with %s or -D%s (bytes per second)", from, windowBytes, seconds,
                            bytesPerSecond, Settings.Key.DOWNLOAD_MIN_RATE.env(),
                            Settings.Key.DOWNLOAD_MIN_RATE.property()));
                }
                windowStart = now;
                windowBytes = 0;
            }
        }
        return total;
    }

    /** More bytes arrived than the copy's limit. */
    public static final class LimitExceededException extends IOException {
        private static final long serialVersionUID = 1L;

        LimitExceededException(String message) {
            super(message);
        }
    }

    /** Sees each chunk of a copy. */
    @FunctionalInterface
    public interface ChunkListener {
        /** Chunk {@code buffer[0, n)}. */
        void accept(byte[] buffer, int n);
    }
}
