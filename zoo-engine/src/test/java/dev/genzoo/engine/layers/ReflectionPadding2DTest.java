package dev.genzoo.engine.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The reflection padding layer: PyTorch's ReflectPad2d values, its gradient by central differences, JSON. */
class ReflectionPadding2DTest {

    private static ComputationGraph graph(int[] pad, DataType type) {
        var g = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1).dataType(type)
                .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                .setInputTypes(InputType.convolutional(3, 4, 2))
                .addLayer("pad", new ReflectionPadding2D.Builder().padding(pad[0], pad[1], pad[2], pad[3]).build(), "in")
                .addLayer("conv", new ConvolutionLayer.Builder(2, 2).nOut(2).activation(Activation.TANH).build(), "pad")
                .setOutputs("conv").build());
        g.init();
        return g;
    }

    @Test
    void padsByReflectionWithoutRepeatingTheEdge() {
        ComputationGraph g = graph(new int[] {1, 2, 2, 1}, DataType.DOUBLE);
        INDArray x = Nd4j.arange(24).castTo(DataType.DOUBLE).reshape(1, 2, 3, 4);
        INDArray y = g.feedForward(x, false).get("pad");
        assertArrayEquals(new long[] {1, 2, 6, 7}, y.shape());
        // channel 0 is rows [0 1 2 3], [4 5 6 7], [8 9 10 11]; PyTorch: F.pad(x, (2, 1, 1, 2), mode="reflect")
        double[][] expected = {
            {6, 5, 4, 5, 6, 7, 6},
            {2, 1, 0, 1, 2, 3, 2},
            {6, 5, 4, 5, 6, 7, 6},
            {10, 9, 8, 9, 10, 11, 10},
            {6, 5, 4, 5, 6, 7, 6},
            {2, 1, 0, 1, 2, 3, 2}};
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 7; c++) {
                assertEquals(expected[r][c], y.getDouble(0, 0, r, c), 0.0, "(" + r + ", " + c + ")");
                assertEquals(expected[r][c] + 12, y.getDouble(0, 1, r, c), 0.0, "channel 1 (" + r + ", " + c + ")");
            }
        }
    }

    @Test
    void gradientMatchesCentralDifferencesInDoublePrecision() {
        ComputationGraph g = graph(new int[] {2, 1, 1, 3}, DataType.DOUBLE);
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        INDArray x = Nd4j.rand(rng, 2, 2, 3, 4).castTo(DataType.DOUBLE);
        INDArray w = Nd4j.rand(rng, g.outputSingle(x).shape()).castTo(DataType.DOUBLE);
        var layer = g.getLayer("pad");
        layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray padded = layer.activate(true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        INDArray upstream = Nd4j.rand(rng, padded.shape()).castTo(DataType.DOUBLE);
        INDArray dx = layer.backpropGradient(upstream, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                .getSecond();
        double h = 1e-6;
        for (int i = 0; i < x.length(); i++) {
            double v = x.getDouble(i);
            x.putScalar(i, v + h);
            layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            double up = layer.activate(true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                    .mul(upstream).sumNumber().doubleValue();
            x.putScalar(i, v - h);
            layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
            double down = layer.activate(true, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                    .mul(upstream).sumNumber().doubleValue();
            x.putScalar(i, v);
            assertEquals((up - down) / (2 * h), dx.getDouble(i), 1e-8, "dL/dx at " + i);
        }
        assertTrue(w.length() > 0);
    }

    @Test
    void refusesPaddingAsLargeAsTheImageAndSurvivesJson() {
        var tooLarge = assertThrows(RuntimeException.class, () -> graph(new int[] {3, 0, 0, 0}, DataType.FLOAT));
        assertTrue(String.valueOf(tooLarge.getMessage()).contains("smaller than the image"), tooLarge.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ReflectionPadding2D.Builder().padding(-1, 0, 0, 0));
        ComputationGraphConfiguration conf = graph(new int[] {1, 2, 0, 1}, DataType.FLOAT).getConfiguration();
        ComputationGraphConfiguration back = ComputationGraphConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);
    }
}
