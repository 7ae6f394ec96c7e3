package dev.genzoo.cli.bench;

import dev.genzoo.core.NativeBuild;
import dev.genzoo.core.Settings;
import dev.genzoo.engine.FastGraphTrainer;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Run in a child JVM by {@code NativeBuildTest}: applies GENZOO_NATIVE as the command line does,
 * then prints which native build loaded and the losses of a few training steps of a small
 * convolutional network, through DL4J's {@code fit} and through the engine, from one seed.
 */
public final class NativeBuildProbe {

    public static void main(String[] args) {
        NativeBuild.apply(Settings.current().nativeBuild());
        System.out.println("BACKEND " + NativeBuild.loaded());
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 32, 1, 12, 12);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 32, 4);
        for (int i = 0; i < 32; i++) {
            y.putScalar(i, i % 4, 1f);
        }
        ComputationGraph byDl4j = graph();
        ComputationGraph byEngine = graph();
        FastGraphTrainer engine = FastGraphTrainer.of(byEngine).orElseThrow();
        List<String> a = new ArrayList<>();
        List<String> b = new ArrayList<>();
        for (int step = 0; step < 5; step++) {
            byDl4j.fit(new DataSet(x, y));
            a.add(String.valueOf(byDl4j.score()));
            b.add(String.valueOf(engine.fit(new DataSet(x, y))));
        }
        System.out.println("DL4J " + String.join(" ", a));
        System.out.println("ENGINE " + String.join(" ", b));
    }

    private static ComputationGraph graph() {
        var conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(3e-3)).dataType(DataType.FLOAT)
                .convolutionMode(ConvolutionMode.Same).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(12, 12, 1))
                .addLayer("c1", new ConvolutionLayer.Builder(3, 3).nOut(8).activation(Activation.IDENTITY).build(), "in")
                .addLayer("bn", new BatchNormalization.Builder().activation(Activation.RELU).build(), "c1")
                .addLayer("p", new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build(), "bn")
                .addLayer("d", new DenseLayer.Builder().nOut(16).activation(Activation.RELU).build(), "p")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(4)
                        .activation(Activation.SOFTMAX).build(), "d")
                .setOutputs("out").build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }
}
