package dev.genzoo.core.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

class ConstantThenLinearDecayTest {
    @Test
    void constantThenLinearToZero() {
        var s = new ConstantThenLinearDecay(2e-4, 100, 50);
        assertEquals(2e-4, s.valueAt(0, 0));
        assertEquals(2e-4, s.valueAt(99, 3));
        assertEquals(2e-4, s.valueAt(100, 0), 1e-12);
        assertEquals(1e-4, s.valueAt(125, 0), 1e-12);
        assertEquals(0.0, s.valueAt(150, 0));
        assertEquals(0.0, s.valueAt(10_000, 0));
        assertThrows(IllegalArgumentException.class, () -> new ConstantThenLinearDecay(0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConstantThenLinearDecay(1e-3, -1, 1));
        assertThrows(IllegalArgumentException.class, () -> new ConstantThenLinearDecay(1e-3, 1, 0));
    }

    @Test
    void survivesTheNetworkJson() {
        var schedule = new ConstantThenLinearDecay(1e-3, 10, 20);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(Adam.builder().learningRateSchedule(schedule).build()).list()
                .layer(new OutputLayer.Builder().nIn(2).nOut(2).build()).build();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        Adam adam = (Adam) ((org.deeplearning4j.nn.conf.layers.BaseLayer) back.getConf(0).getLayer()).getIUpdater();
        assertEquals(schedule, adam.getLearningRateSchedule());
        assertEquals(5e-4, adam.getLearningRate(20, 0), 1e-12);
    }
}
