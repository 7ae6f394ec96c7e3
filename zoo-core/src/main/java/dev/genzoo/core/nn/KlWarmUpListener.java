package dev.genzoo.core.nn;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Drives the KL warm-up of every {@link KlDivergenceLoss} in a graph (Bowman et al., "Generating
 * Sentences from a Continuous Space", CoNLL 2016): before each training forward pass it passes the
 * graph's iteration count to the losses, so the KL weight ramps from 0 to beta over the losses'
 * {@code warmUpIterations}. The count is saved with the model, so a reloaded graph resumes the ramp.
 *
 * <pre>{@code
 * graph.addListeners(new KlWarmUpListener());
 * }</pre>
 */
public class KlWarmUpListener extends BaseTrainingListener {

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        update(model);
    }

    @Override
    public void onForwardPass(Model model, Map<String, INDArray> activations) {
        update(model);
    }

    /** Sets the graph's iteration count on all its KL losses; returns how many it found. */
    public static int update(Model model) {
        if (!(model instanceof ComputationGraph graph)) {
            return 0;
        }
        int found = 0;
        for (Layer layer : graph.getLayers()) {
            if (layer.conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.LossLayer lossLayer
                    && lossLayer.getLossFn() instanceof KlDivergenceLoss kl) {
                kl.setIteration(graph.getIterationCount());
                found++;
            }
        }
        return found;
    }
}
