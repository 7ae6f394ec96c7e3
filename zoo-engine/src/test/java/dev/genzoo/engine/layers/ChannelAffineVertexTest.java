package dev.genzoo.engine.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** AdaIN's scale and shift: values by definition, gradients of all three inputs by central differences. */
class ChannelAffineVertexTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    private static ComputationGraph graph(DataType type, double offset) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().dataType(type).graphBuilder()
                .addInputs("x", "scale", "shift")
                .setInputTypes(InputType.convolutional(3, 2, 4), InputType.feedForward(4), InputType.feedForward(4))
                .addVertex("affine", new ChannelAffineVertex(offset), "x", "scale", "shift")
                .addLayer("out", new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "affine")
                .setOutputs("out").build());
        g.init();
        return g;
    }

    @Test
    void scalesAndShiftsEveryChannelOfEveryImage() {
        ComputationGraph g = graph(DataType.DOUBLE, 1.0);
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(1);
        INDArray x = Nd4j.rand(rng, 2, 4, 3, 2).castTo(DataType.DOUBLE);
        INDArray s = Nd4j.rand(rng, 2, 4).castTo(DataType.DOUBLE);
        INDArray t = Nd4j.rand(rng, 2, 4).castTo(DataType.DOUBLE);
        INDArray y = g.outputSingle(x, s, t);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 4; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 2; j++) {
                        double expected = x.getDouble(n, c, i, j) * (1 + s.getDouble(n, c)) + t.getDouble(n, c);
                        assertEquals(expected, y.getDouble(n, c, i, j), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void gradientsOfAllInputsMatchCentralDifferences() {
        ComputationGraph g = graph(DataType.DOUBLE, 0.5);
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(2);
        INDArray[] in = {Nd4j.rand(rng, 2, 4, 3, 2).castTo(DataType.DOUBLE),
            Nd4j.rand(rng, 2, 4).castTo(DataType.DOUBLE), Nd4j.rand(rng, 2, 4).castTo(DataType.DOUBLE)};
        INDArray w = Nd4j.rand(rng, 2, 4, 3, 2).castTo(DataType.DOUBLE);
        GraphVertex v = g.getVertex("affine");
        v.setInputs(in);
        v.doForward(true, NO_WS);
        v.setEpsilon(w);
        INDArray[] grads = v.doBackward(false, NO_WS).getSecond();
        double h = 1e-6;
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < in[k].length(); i++) {
                double val = in[k].getDouble(i);
                in[k].putScalar(i, val + h);
                double up = value(v, in, w);
                in[k].putScalar(i, val - h);
                double down = value(v, in, w);
                in[k].putScalar(i, val);
                assertEquals((up - down) / (2 * h), grads[k].getDouble(i), 1e-7, "input " + k + " at " + i);
            }
        }
    }

    private static double value(GraphVertex v, INDArray[] in, INDArray w) {
        v.setInputs(in);
        return v.doForward(true, NO_WS).mul(w).sumNumber().doubleValue();
    }

    @Test
    void refusesMismatchedInputsAndSurvivesJson() {
        var bad = assertThrows(RuntimeException.class, () -> new ComputationGraph(new NeuralNetConfiguration.Builder()
                .graphBuilder().addInputs("x", "scale", "shift")
                .setInputTypes(InputType.convolutional(3, 2, 4), InputType.feedForward(5), InputType.feedForward(4))
                .addVertex("affine", new ChannelAffineVertex(), "x", "scale", "shift")
                .addLayer("out", new ActivationLayer.Builder().activation(Activation.IDENTITY).build(), "affine")
                .setOutputs("out").build()));
        assertTrue(String.valueOf(bad.getMessage()).contains("4 values"), bad.getMessage());
        ComputationGraphConfiguration conf = graph(DataType.FLOAT, 1.0).getConfiguration();
        assertEquals(conf, ComputationGraphConfiguration.fromJson(conf.toJson()));
    }
}
