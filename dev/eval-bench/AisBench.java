package dev.genzoo.generative.rbm;

import dev.genzoo.core.data.*;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.model.Rbm.LogPartition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AIS on rbm:mnist at the zoo's settings with base rates from the test images (as RbmEvaluation). */
public class AisBench {
    public static void main(String[] a) throws Exception {
        int runs = Integer.parseInt(a[0]);
        int dists = Integer.parseInt(a[1]);
        long seed = Long.parseLong(a[2]);
        RestrictedBoltzmannMachine m = ModelZoo.load("rbm:mnist");
        ImageDataset test = Datasets.load(DatasetId.MNIST, Split.TEST);
        var it = test.batch(1000).seed(0).binarize(Binarization.STATIC).layout(Layout.FLAT).iterator();
        INDArray on = Nd4j.zeros(DataType.DOUBLE, 1, 784);
        long n = 0;
        while (it.hasNext()) {
            INDArray x = it.next().getFeatures().castTo(DataType.DOUBLE);
            on.addi(x.sum(true, 0));
            n += x.size(0);
        }
        INDArray base = on.addi(1).divi(n + 2.0);
        System.out.println("images " + n);
        for (int rep = 0; rep < (a.length > 3 ? Integer.parseInt(a[3]) : 1); rep++) {
            long t0 = System.nanoTime();
            LogPartition z = m.estimateLogPartition(runs, dists, base, seed + rep);
            System.out.printf("RESULT runs=%d dists=%d seed=%d logZ=%.4f se=%.4f logWstd=%.4f seconds=%.2f%n", runs, dists,
                    seed + rep, z.logZ(), z.standardError(), z.logWeightStd(), (System.nanoTime() - t0) / 1e9);
        }
    }
}
