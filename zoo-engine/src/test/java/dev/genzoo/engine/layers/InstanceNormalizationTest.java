package dev.genzoo.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Instance normalisation: per-image, per-channel statistics; gradients by central differences in double precision. */
class InstanceNormalizationTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    static ComputationGraph graph(DataType type) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(4, 5, 3))
                .addLayer("norm", new InstanceNormalization.Builder().build(), "in")
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), "norm")
                .setOutputs("conv").build());
        g.init();
        return g;
    }

    @Test
    void everyPlaneHasZeroMeanAndUnitVarianceThenGammaAndBeta() {
        ComputationGraph g = graph(DataType.DOUBLE);
        var layer = g.getLayer("norm");
        assertEquals(6, layer.numParams(), "gamma and beta per channel");
        layer.getParam(InstanceNormalization.GAMMA).assign(Nd4j.createFromArray(2.0, 1.0, 0.5).reshape(1, 3));
        layer.getParam(InstanceNormalization.BETA).assign(Nd4j.createFromArray(-1.0, 0.0, 3.0).reshape(1, 3));
        INDArray x = Nd4j.rand(Nd4j.getRandomFactory().getNewRandomInstance(2), 2, 3, 4, 5).castTo(DataType.DOUBLE)
                .muli(7).addi(2);
        layer.setInput(x, NO_WS);
        INDArray y = layer.activate(true, NO_WS);
        double[] gamma = {2, 1, 0.5};
        double[] beta = {-1, 0, 3};
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                INDArray plane = y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(n),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup().subi(beta[c]).divi(gamma[c]);
                assertEquals(0, plane.meanNumber().doubleValue(), 1e-9, "mean of plane " + n + "," + c);
                assertEquals(1, plane.varNumber().doubleValue() * 19 / 20, 1e-4, "variance of plane " + n + "," + c);
            }
        }
    }

    @Test
    void gradientsMatchCentralDifferencesInDoublePrecision() {
        ComputationGraph g = graph(DataType.DOUBLE);
        g.initGradientsView();
        var layer = g.getLayer("norm");
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(3);
        layer.getParam(InstanceNormalization.GAMMA).assign(Nd4j.rand(rng, 1, 3).castTo(DataType.DOUBLE).addi(0.5));
        layer.getParam(InstanceNormalization.BETA).assign(Nd4j.rand(rng, 1, 3).castTo(DataType.DOUBLE));
        INDArray x = Nd4j.rand(rng, 2, 3, 4, 5).castTo(DataType.DOUBLE);
        INDArray w = Nd4j.rand(rng, 2, 3, 4, 5).castTo(DataType.DOUBLE);
        layer.setInput(x, NO_WS);
        layer.activate(true, NO_WS);
        var pair = layer.backpropGradient(w, NO_WS);
        INDArray dx = pair.getSecond().dup();
        INDArray dGamma = pair.getFirst().getGradientFor(InstanceNormalization.GAMMA).dup();
        INDArray dBeta = pair.getFirst().getGradientFor(InstanceNormalization.BETA).dup();
        double h = 1e-6;
        for (int i = 0; i < x.length(); i++) {
            double v = x.getDouble(i);
            x.putScalar(i, v + h);
            double up = loss(layer, x, w);
            x.putScalar(i, v - h);
            double down = loss(layer, x, w);
            x.putScalar(i, v);
            assertEquals((up - down) / (2 * h), dx.getDouble(i), 1e-6, "dL/dx at " + i);
        }
        for (String key : new String[] {InstanceNormalization.GAMMA, InstanceNormalization.BETA}) {
            INDArray p = layer.getParam(key);
            INDArray analytic = key.equals(InstanceNormalization.GAMMA) ? dGamma : dBeta;
            for (int c = 0; c < 3; c++) {
                double v = p.getDouble(c);
                p.putScalar(c, v + h);
                double up = loss(layer, x, w);
                p.putScalar(c, v - h);
                double down = loss(layer, x, w);
                p.putScalar(c, v);
                assertEquals((up - down) / (2 * h), analytic.getDouble(c), 1e-6, "dL/d" + key + "[" + c + "]");
            }
        }
    }

    private static double loss(org.deeplearning4j.nn.api.Layer layer, INDArray x, INDArray w) {
        layer.setInput(x, NO_WS);
        return layer.activate(true, NO_WS).mul(w).sumNumber().doubleValue();
    }

    @Test
    void refusesOtherShapesAndSurvivesJson() {
        ComputationGraph g = graph(DataType.FLOAT);
        var e = assertThrows(IllegalArgumentException.class, () -> g.output(Nd4j.zeros(DataType.FLOAT, 1, 2, 4, 5)));
        assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new InstanceNormalization.Builder().eps(0));
        ComputationGraphConfiguration conf = g.getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }
}
