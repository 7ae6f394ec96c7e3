package dev.genzoo.cli.bench.jmh;

import dev.genzoo.autoencoders.ReconstructionLoss;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.autoencoders.WeightPenalty;
import dev.genzoo.engine.FastGraphTrainer;
import dev.genzoo.generative.gan.Dcgan;
import dev.genzoo.generative.gan.GanTrainer;
import dev.genzoo.generative.vae.MlpVae;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step (batch 128) of the {@code mlp-ae} and {@code mlp-vae} workloads, through
 * DL4J's {@code ComputationGraph.fit} ({@code path=fit}) and through GenZoo's
 * {@link FastGraphTrainer} ({@code path=fast}), on the same graph and data; and one {@code dcgan}
 * iteration through DL4J's layers or GenZoo's {@code FastLayerStack}. Run with
 * {@code OMP_NUM_THREADS=1 java -cp "zoo-cli/target/classes:$(cat zoo-cli/target/classpath.txt)"
 * org.openjdk.jmh.Main TrainingStepBenchmark} (see docs/benchmarks.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TrainingStepBenchmark {
    @Param({"fit", "fast"})
    public String path;

    private ComputationGraph ae;
    private FastGraphTrainer aeFast;
    private DataSet aeBatch;
    private MlpVae vae;
    private FastGraphTrainer vaeFast;
    private MultiDataSet vaeBatch;
    private GanTrainer gan;
    private DataSet ganBatch;

    @Setup(Level.Trial)
    public void setUp() {
        ae = UndercompleteAutoencoder.create(new UndercompleteAutoencoder.Config(784, List.of(256), 32,
                ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42, 0)).graph();
        aeFast = FastGraphTrainer.of(ae).orElseThrow();
        INDArray x = Nd4j.rand(DataType.FLOAT, 128, 784);
        aeBatch = new DataSet(x, x);
        vae = MlpVae.create(MlpVae.Config.defaults());
        vaeFast = vae.fastTrainer().orElseThrow();
        vaeBatch = vae.trainingData(x.gt(0.5).castTo(DataType.FLOAT), null);
        gan = Dcgan.create(Dcgan.Config.defaults()).trainer().fastPath(path.equals("fast"));
        INDArray images = Nd4j.rand(DataType.FLOAT, 64, 1, 28, 28).muli(2).subi(1);
        ganBatch = new DataSet(images, Nd4j.zeros(DataType.FLOAT, 64, 1));
    }

    @Benchmark
    public double mlpAeStep() {
        if (path.equals("fast")) {
            return aeFast.fit(aeBatch);
        }
        ae.fit(aeBatch);
        return ae.score();
    }

    /**
     * One DCGAN iteration (batch 64: D on a real and a fake batch, then G), through DL4J's layers
     * ({@code GanTrainer.fastPath(false)}) or through {@code FastLayerStack}.
     */
    @Benchmark
    public double dcganIteration() {
        return gan.step(ganBatch).discriminatorLoss();
    }

    @Benchmark
    public double mlpVaeStep() {
        if (path.equals("fast")) {
            return vaeFast.fit(vaeBatch);
        }
        vae.graph().fit(vaeBatch);
        return vae.graph().score();
    }
}
