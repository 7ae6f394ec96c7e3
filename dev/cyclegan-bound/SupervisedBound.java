import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.Ssim;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.generative.cyclegan.CycleGan;
import dev.genzoo.generative.cyclegan.CycleGanEvaluation;
import dev.genzoo.generative.cyclegan.DomainPair;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The upper bound for a CycleGAN on a transform pair: CycleGAN's own generator architecture trained
 * supervised, with the L1 loss to the exact translation, on the paired training images of domain A
 * (the pairs CycleGAN never sees), with the same batch, iterations, optimiser and schedule; then the
 * evaluation protocol's a2b figures on the test split. Run with the zoo's jars on the class path:
 *
 *   java -cp "$CP" dev/cyclegan-bound/SupervisedBound.java inverted 16 2 19200
 *   (pair, batch, epochs, limit)
 */
public class SupervisedBound {
    public static void main(String[] args) throws Exception {
        DomainPair pair = DomainPair.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        int limit = Integer.parseInt(args[3]);
        int steps = epochs * (limit / batch);
        CycleGan.Config c = new CycleGan.Config(pair.id(), 16, 3, java.util.List.of(32, 64), 10, 0, 50, 2e-4, 0.5,
                steps / 2, steps - steps / 2, 42);
        ComputationGraph g = new ComputationGraph(c.generator(42));
        g.init();
        FastGraphTrainer t = FastGraphTrainer.of(g).orElseThrow();
        DomainPair.Domains train = pair.domains(Datasets.load(pair.dataset(), Split.TRAIN));
        INDArray a = images(train.a(), limit);
        INDArray truth = images(train.aTruth(), limit);
        long t0 = System.nanoTime();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(42);
        for (int e = 0; e < epochs; e++) {
            int[] order = rng.ints(0, limit).distinct().limit(limit).toArray();
            for (int s = 0; s + batch <= limit; s += batch) {
                int[] idx = java.util.Arrays.copyOfRange(order, s, s + batch);
                INDArray x = Nd4j.pullRows(a.reshape(limit, 784), 1, idx).reshape(batch, 1, 28, 28);
                INDArray y = Nd4j.pullRows(truth.reshape(limit, 784), 1, idx).reshape(batch, 1, 28, 28);
                INDArray out = t.forward(x)[0].dup('c').reshape(batch, 1, 28, 28);
                INDArray grad = Transforms.sign(out.sub(y), false).divi(784.0);
                t.backward(new INDArray[] {grad.reshape(1, batch, 28, 28)}, true, false, false);
                t.update(batch);
            }
            System.err.printf("epoch %d done, %.0f s%n", e + 1, (System.nanoTime() - t0) / 1e9);
        }
        DomainPair.Domains test = pair.domains(Datasets.load(pair.dataset(), Split.TEST));
        int n = Math.min(CycleGanEvaluation.MAX_IMAGES, test.a().size());
        INDArray ta = images(test.a(), n);
        INDArray tt = images(test.aTruth(), n);
        INDArray out = Nd4j.create(n, 1, 28, 28);
        for (int s = 0; s < n; s += 200) {
            int e = Math.min(n, s + 200);
            out.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s, e)).assign(
                    g.outputSingle(false, ta.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(s, e)).dup()));
        }
        System.out.printf("supervised bound, %s, %d iterations of %d, %.0f s: a2b_psnr %.3f, a2b_ssim %.4f", pair, steps,
                batch, (System.nanoTime() - t0) / 1e9, CycleGanEvaluation.psnr(out, tt),
                Ssim.ssim(out.add(1).divi(2), tt.add(1).divi(2)).meanNumber().doubleValue());
        if (pair == DomainPair.INVERTED) {
            Classifier judge = ModelZoo.load("classifier-mnist:mnist");
            INDArray predicted = judge.predict(out.add(1).divi(2).rsubi(1)).argMax(1);
            int kept = 0;
            for (int i = 0; i < n; i++) {
                kept += predicted.getInt(i) == test.a().label(i) ? 1 : 0;
            }
            System.out.printf(", a2b_content_accuracy %.4f", (double) kept / n);
        }
        System.out.println();
    }

    private static INDArray images(ImageDataset d, int n) {
        return d.batch(n).limit(n).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).target(Target.LABELS).iterator().next()
                .getFeatures();
    }
}
