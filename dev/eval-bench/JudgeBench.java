package dev.genzoo.generative.classifier;

import dev.genzoo.core.data.DatasetId;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** One run: the judge's features + probabilities of 10,000 images, engine (one pass) against DL4J (two passes, as before). */
public class JudgeBench {
    public static void main(String[] a) {
        CnnClassifier judge = CnnClassifier.bundled(a.length > 0 && a[0].equals("mnist") ? DatasetId.MNIST : DatasetId.FASHION_MNIST);
        INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(1), 10000, 1, 28, 28).castTo(DataType.FLOAT);
        for (int rep = 0; rep < 4; rep++) {
            long t0 = System.nanoTime();
            judge.featuresAndPredictions(x);
            long t1 = System.nanoTime();
            for (long from = 0; from < 10000; from += 256) {
                INDArray b = x.get(NDArrayIndex.interval(from, Math.min(10000, from + 256))).dup('c');
                judge.graph().feedForward(new INDArray[] {b}, false, false).get("features").detach();
            }
            for (long from = 0; from < 10000; from += 256) {
                INDArray b = x.get(NDArrayIndex.interval(from, Math.min(10000, from + 256))).dup('c');
                judge.graph().outputSingle(false, b).detach();
            }
            long t2 = System.nanoTime();
            System.out.printf("rep %d: engine one pass %.2f s, DL4J features + output %.2f s, ratio %.2f%n", rep,
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (double) (t2 - t1) / (t1 - t0));
        }
    }
}
