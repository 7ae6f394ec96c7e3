package dev.genzoo.engine;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Collects unreachable ND4J arrays at regular intervals from long loops (training steps,
 * inference passes), so that the native memory they hold goes back to the process.
 *
 * <p>Why: ND4J frees an array's native buffer only after the garbage collector has found its Java
 * object unreachable. A loop allocates native memory far faster than heap (an INDArray of 2 MB is
 * a few hundred bytes of heap), so the heap rarely asks for a collection, and the arrays that were
 * still referenced at a young collection are promoted and then wait for an old-generation
 * collection that the heap's own occupancy may not start for minutes. Measured on
 * {@code genzoo train cyclegan} (batch 16; docs/benchmarks.md): the resident size grew at about
 * 15 MB/s, 1.4 GB to 4.5 GB over four minutes of training, with 120 MB of live heap; with a
 * collection every few seconds it stayed at 1.5 GB. JavaCPP's {@code maxbytes} does not bound it
 * (ND4J's buffers are not counted there), and its {@code maxphysicalbytes} only stops the process.
 *
 * <p>{@link #collectIfDue()} is a clock read when nothing is due. A collection is due when
 * {@link #interval()} has passed since the last one, or 50 times the last collection's own pause
 * if that is longer, so that collections cost at most about 2% of the loop's time whatever the
 * heap. The interval is 5 s unless {@link #setInterval} changed it ({@code genzoo}'s
 * {@code GENZOO_GC_SECONDS}); zero turns collection off.
 */
public final class NativeGarbage {
    /** The interval when none is set. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** A collection's pause times this is the shortest interval after it. */
    static final long PAUSE_FACTOR = 50;

    private static final NativeGarbage SHARED = new NativeGarbage(DEFAULT_INTERVAL, System::nanoTime, System::gc);

    private final LongSupplier clock;
    private final Runnable collector;
    private volatile long intervalNanos;
    /** The clock reading from which a collection is due; {@link Long#MIN_VALUE} before the first call. */
    private volatile long due = Long.MIN_VALUE;
    private long collections;

    NativeGarbage(Duration interval, LongSupplier clock, Runnable collector) {
        this.clock = clock;
        this.collector = collector;
        this.intervalNanos = checked(interval).toNanos();
    }

    /** The instance of this JVM, which the engine's loops and {@code TrainingLoop} call. */
    public static NativeGarbage shared() {
        return SHARED;
    }

    /** {@link #shared()}'s {@link #collectIfDue()}. */
    public static boolean collectIfDueShared() {
        return SHARED.collectIfDue();
    }

    /**
     * Sets the interval between collections ({@link Duration#ZERO}: never collect).
     *
     * @throws IllegalArgumentException for a negative interval
     */
    public void setInterval(Duration interval) {
        long nanos = checked(interval).toNanos();
        synchronized (this) {
            intervalNanos = nanos;
            due = Long.MIN_VALUE;
        }
    }

    /** The interval between collections (zero when off). */
    public Duration interval() {
        return Duration.ofNanos(intervalNanos);
    }

    /** Collections run so far. */
    public synchronized long collections() {
        return collections;
    }

    /**
     * Runs a collection if one is due (the first call only starts the clock).
     *
     * @return true when it collected
     */
    public boolean collectIfDue() {
        long interval = intervalNanos;
        if (interval == 0) {
            return false;
        }
        long now = clock.getAsLong();
        long d = due;
        if (d != Long.MIN_VALUE && now - d < 0) {
            return false; // the common case, without the lock (loops on several threads call this)
        }
        synchronized (this) {
            if (due == Long.MIN_VALUE) {
                due = now + interval;
                return false;
            }
            if (now - due < 0) {
                return false;
            }
            collector.run();
            long end = clock.getAsLong();
            due = end + Math.max(interval, PAUSE_FACTOR * (end - now));
            collections++;
            return true;
        }
    }

    private static Duration checked(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("the interval between collections must be zero (off) or positive, found "
                    + interval);
        }
        return interval;
    }
}
