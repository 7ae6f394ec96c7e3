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
 *
 * <p>A collection is also due when ND4J's allocated native bytes (libnd4j's own counter of the
 * buffers it allocated and has not freed: live arrays plus unreachable ones not yet collected; read
 * in about 50 ns, at most every 10 ms) have grown by {@link #growth()} (128 MB unless
 * {@link #setGrowth} changed it; {@code GENZOO_GC_GROWTH_MB}) over their count after the last
 * collection, acted on at most every 20 pauses (about 5% of the time). A clock alone bounds the
 * garbage by time, and a faster machine makes more of it in the same seconds: StyleGAN's training
 * on this machine, at 1.8 steps/s, passed 1.7 GB between collections five seconds apart, where at
 * 1 step/s it had stayed at 1.1 GB.
 *
 * <p>Why that counter and not the resident size: glibc keeps freed memory for reuse under the
 * launcher's settings, so the resident size rarely falls after a collection, and garbage first fills
 * what the last collection freed without the resident size moving. Measured on StyleGAN's training
 * (glibc's {@code malloc_stats} at a resident size of 1.32 GB, docs/benchmarks.md Run K): 979 MB of
 * malloc'd memory in use before a collection, 500 MB after it. A trigger on resident growth let that
 * much garbage build up each time; the counter sees it as it is made.
 */
public final class NativeGarbage {
    /** The interval when none is set. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    /** The growth of allocated bytes that makes a collection due when none is set: 128 MB. */
    public static final long DEFAULT_GROWTH_BYTES = 128L << 20;
    /** A collection's pause times this is the shortest interval after it. */
    static final long PAUSE_FACTOR = 50;
    /** A collection's pause times this is the shortest interval after it before growth makes one due. */
    static final long GROWTH_PAUSE_FACTOR = 20;
    /** The shortest interval between two readings of the allocated bytes. */
    static final long ALLOCATED_CHECK_NANOS = 10_000_000L;

    private static final NativeGarbage SHARED = new NativeGarbage(DEFAULT_INTERVAL, DEFAULT_GROWTH_BYTES,
            System::nanoTime, System::gc, NativeGarbage::nd4jAllocatedBytes);

    private final LongSupplier clock;
    private final Runnable collector;
    private final LongSupplier allocated;
    private volatile long intervalNanos;
    private volatile long growthBytes;
    /** The clock reading from which a collection is due; {@link Long#MIN_VALUE} before the first call. */
    private volatile long due = Long.MIN_VALUE;
    /** The clock reading from which the allocated bytes may be read again. */
    private volatile long nextAllocatedCheck;
    /** The clock reading from which growth may make a collection due. */
    private volatile long growthDue;
    /** The allocated bytes above which a collection is due. */
    private volatile long allocatedLimit = Long.MAX_VALUE;
    private long collections;

    NativeGarbage(Duration interval, LongSupplier clock, Runnable collector) {
        this(interval, 0, clock, collector, () -> 0);
    }

    NativeGarbage(Duration interval, long growthBytes, LongSupplier clock, Runnable collector, LongSupplier allocated) {
        this.clock = clock;
        this.collector = collector;
        this.allocated = allocated;
        this.intervalNanos = checked(interval).toNanos();
        this.growthBytes = checkedGrowth(growthBytes);
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

    /**
     * Sets the growth of ND4J's allocated bytes over their count after the last collection that makes
     * a collection due (0: the interval alone decides).
     *
     * @throws IllegalArgumentException for a negative size
     */
    public void setGrowth(long bytes) {
        long b = checkedGrowth(bytes);
        synchronized (this) {
            growthBytes = b;
            allocatedLimit = Long.MAX_VALUE;
            due = Long.MIN_VALUE;
        }
    }

    /** The growth of allocated bytes that makes a collection due (0: none). */
    public long growth() {
        return growthBytes;
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
        boolean grown = false;
        if (d != Long.MIN_VALUE && now - d < 0) {
            // the common case, without the lock (loops on several threads call this)
            if (growthBytes == 0 || now - nextAllocatedCheck < 0 || now - growthDue < 0) {
                return false;
            }
            nextAllocatedCheck = now + ALLOCATED_CHECK_NANOS;
            if (allocated.getAsLong() <= allocatedLimit) {
                return false;
            }
            grown = true;
        }
        synchronized (this) {
            if (due == Long.MIN_VALUE) {
                due = now + interval;
                nextAllocatedCheck = now;
                growthDue = now;
                allocatedLimit = limitFrom(allocated.getAsLong());
                return false;
            }
            if (grown ? now - growthDue < 0 : now - due < 0) {
                return false; // another thread collected meanwhile
            }
            collector.run();
            long end = clock.getAsLong();
            long pause = end - now;
            due = end + Math.max(interval, PAUSE_FACTOR * pause);
            growthDue = end + GROWTH_PAUSE_FACTOR * pause;
            allocatedLimit = limitFrom(allocated.getAsLong());
            collections++;
            return true;
        }
    }

    /**
     * ND4J's native bytes allocated and not yet freed (libnd4j's memory counter of device 0, which the
     * CPU backend keeps for every buffer it allocates outside workspaces); the process's resident
     * size where a backend does not offer it.
     */
    static long nd4jAllocatedBytes() {
        try {
            return org.nd4j.linalg.factory.Nd4j.getEnvironment().getDeviceCouner(0);
        } catch (RuntimeException | LinkageError e) {
            return org.bytedeco.javacpp.Pointer.physicalBytes();
        }
    }

    private long limitFrom(long allocatedBytes) {
        long g = growthBytes;
        return g == 0 ? Long.MAX_VALUE : allocatedBytes + g;
    }

    private static long checkedGrowth(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("the growth of allocated bytes that starts a collection must be zero (off) or"
                    + " positive, found " + bytes);
        }
        return bytes;
    }

    private static Duration checked(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException("the interval between collections must be zero (off) or positive, found "
                    + interval);
        }
        return interval;
    }
}
