package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SideThreadTest {
    @Test
    void everyTaskRunsOnceAndFinishWaitsForAll() {
        AtomicInteger runs = new AtomicInteger();
        List<FutureTask<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            SideThread.submit(tasks, () -> {
                runs.incrementAndGet();
                Thread.sleep(1);
                return null;
            });
        }
        SideThread.finish(tasks);
        assertEquals(50, runs.get());
        assertTrue(tasks.stream().allMatch(FutureTask::isDone));
    }

    @Test
    void aFailingTaskIsRethrownByFinishAfterTheOthersComplete() {
        AtomicInteger runs = new AtomicInteger();
        List<FutureTask<Object>> tasks = new ArrayList<>();
        SideThread.submit(tasks, () -> {
            throw new IllegalArgumentException("bad gradient shape");
        });
        for (int i = 0; i < 5; i++) {
            SideThread.submit(tasks, () -> runs.incrementAndGet());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SideThread.finish(tasks));
        assertEquals("bad gradient shape", e.getMessage());
        assertEquals(5, runs.get());
    }

    @Test
    void splitProductEqualsOneProduct() {
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, 128, 784);
        INDArray w = Nd4j.rand(DataType.FLOAT, 784, 512);
        INDArray wt = w.transpose().dup('c');
        INDArray expected = a.mmul(w);
        INDArray c = Nd4j.create(DataType.FLOAT, 128, 512);
        SideThread.gemm(a, w, c, false);
        assertTrue(expected.equalsWithEps(c, 1e-3), "split a w");
        INDArray c2 = Nd4j.create(DataType.FLOAT, 128, 512);
        SideThread.gemm(a, wt, c2, true);
        assertTrue(expected.equalsWithEps(c2, 1e-3), "split a wt^T");
    }
}
