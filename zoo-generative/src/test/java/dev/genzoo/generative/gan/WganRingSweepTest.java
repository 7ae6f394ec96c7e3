package dev.genzoo.generative.gan;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.dataset.DataSet;

@EnabledIfSystemProperty(named = "genzoo.sweep", matches = "true")
class WganRingSweepTest {
    @Test
    void sweep() {
        double[][] configs = {{0.1, 1e-3}, {0.05, 5e-4}, {0.2, 1e-3}};
        for (double[] c : configs) {
            WassersteinGan gan = WassersteinGan.create(WassersteinGan.Config.defaults()
                    .withSizes(2, 8, List.of(128, 128), List.of(128, 128)).withTraining(5, c[0], c[1], c[1]));
            Random r = new Random(1);
            long t0 = System.nanoTime();
            for (int it = 1; it <= 1500; it++) {
                DataSet[] b = new DataSet[5];
                for (int k = 0; k < 5; k++) {
                    b[k] = new DataSet(ToyDistributions.ring(r, 128), null);
                }
                gan.trainer().step(b);
                if (it % 250 == 0) {
                    System.out.println("SWEEP clip=" + c[0] + " lr=" + c[1] + " it=" + it + " "
                            + ToyDistributions.scoreRing(gan.generate(2000, 7L), 0.02) + " s="
                            + (System.nanoTime() - t0) / 1e9);
                }
            }
        }
    }
}
