package dev.genzoo.generative.cyclegan;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CycleGanSpeedProbe {
    @Test
    void probe() {
        for (int[] cfg : new int[][] {{16, 3, 32}, {16, 3, 32}, {16, 3, 32}}) {
            CycleGan.Config c = new CycleGan.Config("inverted", cfg[0], cfg[1], List.of(32, 64), 10, 0.5, 50, 2e-4, 0.5, 1000, 1000, 7);
            CycleGan model = CycleGan.create(c);
            CycleGanTrainer t = model.trainer();
            INDArray a = Nd4j.rand(cfg[2], 1, 28, 28).muli(2).subi(1);
            INDArray b = Nd4j.rand(cfg[2], 1, 28, 28).muli(2).subi(1);
            for (int i = 0; i < 3; i++) t.step(a, b);
            long t0 = System.nanoTime();
            int it = 10;
            for (int i = 0; i < it; i++) t.step(a, b);
            double s = (System.nanoTime() - t0) / 1e9 / it;
            System.out.printf("f=%d blocks=%d batch=%d: %.1f ms/iter, %.1f pairs/s%n", cfg[0], cfg[1], cfg[2], s * 1000, cfg[2] / s);
        }
    }
}
