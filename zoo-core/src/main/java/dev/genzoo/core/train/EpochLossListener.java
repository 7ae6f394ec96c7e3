package dev.genzoo.core.train;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the mean minibatch score of each epoch of a DL4J fit and logs one line per epoch,
 * with the examples processed per second.
 */
public final class EpochLossListener extends BaseTrainingListener {
    private static final Logger LOG = LoggerFactory.getLogger(EpochLossListener.class);
    private final List<Double> epochLoss = new ArrayList<>();
    private final String label;
    private final int examplesPerEpoch;
    private double sum;
    private long count;
    private long steps;
    private long epochStart = System.nanoTime();

    public EpochLossListener(String label, int examplesPerEpoch) {
        this.label = label;
        this.examplesPerEpoch = examplesPerEpoch;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        double s = model.score();
        if (!Double.isFinite(s)) {
            throw new IllegalStateException(label + ": training loss became " + s + " at iteration " + iteration
                    + " (epoch " + epoch + "); last epoch mean " + (epochLoss.isEmpty() ? "n/a"
                    : epochLoss.get(epochLoss.size() - 1)) + ". Lower the learning rate or check the input range.");
        }
        sum += s;
        count++;
        steps++;
    }

    @Override
    public void onEpochEnd(Model model) {
        double mean = count == 0 ? Double.NaN : sum / count;
        epochLoss.add(mean);
        double sec = (System.nanoTime() - epochStart) / 1e9;
        LOG.info("{} epoch {}: loss {} ({} examples/s)", label, epochLoss.size(), String.format("%.4f", mean),
                String.format("%.0f", examplesPerEpoch / sec));
        sum = 0;
        count = 0;
        epochStart = System.nanoTime();
    }

    public List<Double> epochLoss() {
        return List.copyOf(epochLoss);
    }

    public long steps() {
        return steps;
    }
}
