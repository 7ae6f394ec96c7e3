package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NativeGarbageTest {

    @Test
    void collectsOncePerIntervalFromTheFirstCall() {
        AtomicLong now = new AtomicLong(1_000);
        AtomicInteger runs = new AtomicInteger();
        NativeGarbage g = new NativeGarbage(Duration.ofNanos(100), now::get, runs::incrementAndGet);
        assertFalse(g.collectIfDue(), "the first call starts the clock");
        now.set(1_099);
        assertFalse(g.collectIfDue());
        now.set(1_100);
        assertTrue(g.collectIfDue());
        assertEquals(1, runs.get());
        assertFalse(g.collectIfDue(), "not due again right after a collection");
        now.set(1_199);
        assertFalse(g.collectIfDue());
        now.set(1_200);
        assertTrue(g.collectIfDue());
        assertEquals(2, g.collections());
    }

    @Test
    void aSlowCollectionStretchesTheIntervalToFiftyTimesItsPause() {
        AtomicLong now = new AtomicLong(0);
        // each collection takes 10 ns of the clock: the next is due 500 ns after it ends, not 100
        NativeGarbage g = new NativeGarbage(Duration.ofNanos(100), now::get, () -> now.addAndGet(10));
        g.collectIfDue();
        now.set(100);
        assertTrue(g.collectIfDue());
        now.set(110 + 499);
        assertFalse(g.collectIfDue());
        now.set(110 + 500);
        assertTrue(g.collectIfDue());
    }

    @Test
    void zeroTurnsItOffAndNegativeIsRefused() {
        AtomicLong now = new AtomicLong(0);
        AtomicInteger runs = new AtomicInteger();
        NativeGarbage g = new NativeGarbage(Duration.ZERO, now::get, runs::incrementAndGet);
        for (int i = 0; i < 3; i++) {
            now.addAndGet(1_000_000_000_000L);
            assertFalse(g.collectIfDue());
        }
        assertEquals(0, runs.get());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> g.setInterval(Duration.ofSeconds(-1)));
        assertTrue(e.getMessage().contains("zero (off) or positive") && e.getMessage().contains("PT-1S"), e.getMessage());
        g.setInterval(Duration.ofNanos(5));
        g.collectIfDue();
        now.addAndGet(5);
        assertTrue(g.collectIfDue());
    }

    @Test
    void allocatedGrowthMakesACollectionDueBeforeTheInterval() {
        long ms = 1_000_000L;
        AtomicLong now = new AtomicLong(0);
        AtomicLong rss = new AtomicLong(1_000);
        AtomicInteger reads = new AtomicInteger();
        // each collection takes 1 ms: growth may start the next one 20 ms after it at the earliest
        NativeGarbage g = new NativeGarbage(Duration.ofSeconds(5), 100, now::get, () -> now.addAndGet(ms),
                () -> {
                    reads.incrementAndGet();
                    return rss.get();
                });
        assertFalse(g.collectIfDue(), "the first call starts the clock and reads the size: 1000");
        rss.set(1_100);
        now.set(150 * ms);
        assertFalse(g.collectIfDue(), "grown by the limit, not past it");
        rss.set(1_101);
        now.set(155 * ms);
        assertFalse(g.collectIfDue(), "read 5 ms after the last reading: not read");
        now.set(250 * ms);
        int before = reads.get();
        assertTrue(g.collectIfDue(), "past 1000 + 100, long before the 5 s interval");
        assertEquals(1, g.collections());
        assertTrue(reads.get() > before);
        // the size after the collection is the new base: 1101 + 100
        rss.set(1_150);
        now.set(400 * ms);
        assertFalse(g.collectIfDue());
        rss.set(1_300);
        now.set(600 * ms);
        assertTrue(g.collectIfDue());
        // the interval still collects when nothing grows
        now.set(601 * ms + 5_000 * ms);
        assertTrue(g.collectIfDue());
        assertEquals(3, g.collections());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.setGrowth(-1));
        assertTrue(e.getMessage().contains("zero (off) or positive"), e.getMessage());
    }

    @Test
    void growthWaitsTwentyPausesAfterACollection() {
        long ms = 1_000_000L;
        AtomicLong now = new AtomicLong(0);
        AtomicLong rss = new AtomicLong(0);
        // a collection of 10 ms: growth may start the next one 200 ms after it ends
        NativeGarbage g = new NativeGarbage(Duration.ofSeconds(5), 100, now::get, () -> now.addAndGet(10 * ms),
                rss::get);
        g.collectIfDue();
        rss.set(1_000);
        now.set(100 * ms);
        assertTrue(g.collectIfDue());
        rss.set(5_000);
        now.set(110 * ms + 150 * ms);
        assertFalse(g.collectIfDue(), "grown far past the limit, but within 20 pauses");
        now.set(110 * ms + 200 * ms);
        assertTrue(g.collectIfDue());
    }

    @Test
    void withoutAGrowthLimitTheAllocatedBytesAreNeverRead() {
        AtomicLong now = new AtomicLong(0);
        AtomicInteger reads = new AtomicInteger();
        NativeGarbage g = new NativeGarbage(Duration.ofSeconds(5), 0, now::get, () -> { },
                () -> reads.incrementAndGet() * 1_000_000_000L);
        g.collectIfDue();
        for (int i = 1; i < 40; i++) {
            now.set(i * 100_000_000L);
            assertFalse(g.collectIfDue());
        }
        assertTrue(reads.get() <= 1, "read " + reads.get() + " times");
        assertEquals(0, g.growth());
    }

    @Test
    void theSharedSignalCountsNd4jArraysUntilTheyAreCollected() throws InterruptedException {
        // earlier tests' unreachable arrays are freed by ND4J's deallocator thread at any moment: let
        // the count settle first, so that nothing but this array moves it between the two readings
        long before = settledCount();
        INDArray a = Nd4j.create(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1024, 2048); // 8 MiB
        long with = NativeGarbage.nd4jAllocatedBytes();
        assertTrue(with - before >= 8L << 20, "counted " + (with - before) + " bytes for an 8 MiB array");
        WeakReference<INDArray> ref = new WeakReference<>(a);
        a = null;
        long after = with;
        for (int i = 0; i < 50 && (ref.get() != null || after > with - (8L << 20)); i++) {
            System.gc();
            Thread.sleep(20);
            after = NativeGarbage.nd4jAllocatedBytes();
        }
        assertTrue(after <= with - (8L << 20) + (1L << 20),
                "after a collection the count fell by " + (with - after) + " bytes, expected about 8 MiB");
    }

    /** The count once a collection has run and it stayed unchanged for 50 ms. */
    private static long settledCount() throws InterruptedException {
        long last = -1;
        for (int i = 0; i < 100; i++) {
            System.gc();
            Thread.sleep(20);
            long a = NativeGarbage.nd4jAllocatedBytes();
            Thread.sleep(50);
            last = NativeGarbage.nd4jAllocatedBytes();
            if (a == last) {
                break;
            }
        }
        return last;
    }

    @Test
    void aDueCollectionReleasesAnUnreachableArray() {
        INDArray a = Nd4j.rand(256, 256);
        WeakReference<INDArray> ref = new WeakReference<>(a);
        a = null;
        AtomicLong now = new AtomicLong(0);
        NativeGarbage g = new NativeGarbage(Duration.ofNanos(1), now::get, System::gc);
        g.collectIfDue();
        now.set(1);
        assertTrue(g.collectIfDue());
        assertNull(ref.get(), "the collection found the array unreachable");
    }
}
