package dev.genzoo.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the fused losses on mlp-ae's [128, 784] output, Vector API route against ND4J's, with and
 * without the side thread (best of 5 rounds of 200 calls; docs/benchmarks.md, Run L). Not a test:
 * a measurement, run by hand on a quiet machine after {@code mvn -B -q install -DskipTests}:
 * <pre>
 * OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector \
 *   -cp "zoo-engine/target/test-classes:zoo-engine/target/classes:$(cat zoo-cli/target/classpath.txt)" \
 *   dev.genzoo.engine.FusedLossTiming
 * </pre>
 */
public final class FusedLossTiming {
    private FusedLossTiming() {}

    public static void main(String[] args) {
        Nd4j.getRandom().setSeed(3);
        INDArray z = Nd4j.randn(DataType.FLOAT, 128, 784).muli(4);
        INDArray y = Nd4j.rand(DataType.FLOAT, 128, 784);
        INDArray dz = z.ulike();
        System.out.println("vector api available: " + VectorKernels.Available.YES);
        for (int rep = 0; rep < 4; rep++) {
            for (boolean v : new boolean[] {true, false}) {
                EngineOptions.allowVectorApi(v);
                for (boolean side : new boolean[] {true, false}) {
                    double bce = 1e9;
                    double bernoulli = 1e9;
                    for (int r = 0; r < 5; r++) {
                        long t = System.nanoTime();
                        SideThread.using(EngineOptions.defaults().withSideThread(side), () -> {
                            for (int k = 0; k < 200; k++) {
                                FusedKernels.sigmoidBce(z, y, 1e-5, dz);
                            }
                            return null;
                        });
                        bce = Math.min(bce, (System.nanoTime() - t) / 200e3);
                        t = System.nanoTime();
                        SideThread.using(EngineOptions.defaults().withSideThread(side), () -> {
                            for (int k = 0; k < 200; k++) {
                                FusedKernels.bernoulliLogits(y, z, dz);
                            }
                            return null;
                        });
                        bernoulli = Math.min(bernoulli, (System.nanoTime() - t) / 200e3);
                    }
                    if (rep > 0) {                                     // the first round warms up
                        System.out.printf("vector=%s sideThread=%s sigmoid+BCE %.0f us, Bernoulli on logits %.0f us%n",
                                v && VectorKernels.Available.YES, side, bce, bernoulli);
                    }
                }
            }
        }
        EngineOptions.allowVectorApi(true);
    }
}
