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
