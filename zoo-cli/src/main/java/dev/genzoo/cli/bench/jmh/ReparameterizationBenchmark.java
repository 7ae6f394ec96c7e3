package dev.genzoo.cli.bench.jmh;

import dev.genzoo.core.nn.ReparameterizationVertex;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Forward and backward pass of the reparameterisation vertex z = mu + exp(logvar/2)·eps at [128, 20]. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReparameterizationBenchmark {
    private GraphVertex vertex;
    private INDArray mean;
    private INDArray logVar;
    private INDArray eps;
    private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

    @Setup
    public void setUp() {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().graphBuilder().addInputs("m", "v")
                .setInputTypes(InputType.feedForward(20), InputType.feedForward(20))
                .addVertex("z", new ReparameterizationVertex(), "m", "v")
                .addLayer("out", new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .build(), "z")
                .setOutputs("out").build());
        g.init();
        vertex = g.getVertex("z");
        mean = Nd4j.randn(DataType.FLOAT, 128, 20);
        logVar = Nd4j.randn(DataType.FLOAT, 128, 20);
        eps = Nd4j.randn(DataType.FLOAT, 128, 20);
    }

    @Benchmark
    public INDArray forwardBackward() {
        vertex.setInputs(mean, logVar);
        vertex.doForward(true, mgr);
        vertex.setEpsilon(eps);
        return vertex.doBackward(false, mgr).getSecond()[1];
    }
}
