package dev.genzoo.core.eval;

import dev.genzoo.core.data.*;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.registry.ModelZoo;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The stages of GenerativeEvaluation at the zoo's sizes: 10,000 train images vs the 10,000 test images. */
public class FidBench {
    static long t;
    static void lap(String what) { long n = System.nanoTime(); System.out.printf("STAGE %s %.2f s%n", what, (n - t) / 1e9); t = n; }
    public static void main(String[] a) throws Exception {
        Classifier c = ModelZoo.load("classifier-mnist:" + a[0]);
        INDArray real = GenerativeEvaluation.images(Datasets.load(DatasetId.MNIST, Split.TEST), 10000);
        INDArray gen = GenerativeEvaluation.images(Datasets.load(DatasetId.MNIST, Split.TRAIN), 10000);
        t = System.nanoTime();
        INDArray gf = c.features(gen); INDArray rf = c.features(real); lap("features(2x10000)");
        INDArray gp = c.predict(gen); INDArray rp = c.predict(real); lap("predict(2x10000)");
        double fid = FrechetDistance.between(gf, rf); lap("fid");
        Estimate kid = KernelInceptionDistance.estimate(gf, rf, 1000, 100, 0); lap("kid");
        PrecisionRecall pr = PrecisionRecall.of(rf, gf, 3); lap("precision-recall");
        Estimate is = ClassifierScore.of(gp, 10); lap("classifier-score");
        System.out.printf("RESULT fid=%.6f kid=%s pr=%s is=%s%n", fid, kid, pr, is);
        t = System.nanoTime();
        var r = GenerativeEvaluation.evaluate(c, gen, real); lap("evaluate(total)");
        System.out.println("RESULT " + r);
    }
}
