package dev.genzoo.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused kernels read their scratch arrays through raw pointers after the last Java use of the
 * arrays themselves; the arrays must stay reachable until then, or a garbage collection in between
 * frees the memory being read (ND4J frees native buffers once their arrays are collected). Under a
 * thread that collects garbage continuously, every score equals the first.
 */
class KernelLifetimeTest {

    @Test
    void scoresStayExactWhileTheCollectorRuns() throws Exception {
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(DataType.FLOAT, 64, 1).muli(3);
        INDArray y = Nd4j.rand(DataType.FLOAT, 64, 1).gt(0.5).castTo(DataType.FLOAT);
        INDArray logits = Nd4j.randn(DataType.FLOAT, 32, 784);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 784);
        double bce = FusedKernels.sigmoidBce(z, y, 1e-5, z.ulike());
        double nll = FusedKernels.bernoulliLogits(x, logits, logits.ulike());
        AtomicBoolean stop = new AtomicBoolean();
        Thread gc = new Thread(() -> {
            while (!stop.get()) {
                System.gc();
                byte[][] churn = new byte[64][];
                for (int i = 0; i < churn.length; i++) {
                    churn[i] = new byte[16 << 10];
                }
            }
        });
        gc.setDaemon(true);
        gc.start();
        try {
            for (int i = 0; i < 3000; i++) {
                // fresh arrays every round, as a training step makes them, so there is garbage to free
                INDArray zi = z.dup();
                INDArray yi = y.dup();
                assertEquals(bce, FusedKernels.sigmoidBce(zi, yi, 1e-5, zi.ulike()), 0.0, "BCE at round " + i);
                if (i % 10 == 0) {
                    assertEquals(nll, FusedKernels.bernoulliLogits(x.dup(), logits.dup(), logits.ulike()), 0.0,
                            "Bernoulli NLL at round " + i);
                }
            }
        } finally {
            stop.set(true);
            gc.join();
        }
    }
}
