package dev.genzoo.cli.bench;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/** Wall time and mean minibatch score of each epoch of a DL4J fit. */
final class EpochTimer extends BaseTrainingListener {
    final List<Double> seconds = new ArrayList<>();
    final List<Double> loss = new ArrayList<>();
    private long start = System.nanoTime();
    private double sum;
    private long count;

    @Override
    public void onEpochStart(Model model) {
        start = System.nanoTime();
        sum = 0;
        count = 0;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        sum += model.score();
        count++;
    }

    @Override
    public void onEpochEnd(Model model) {
        seconds.add((System.nanoTime() - start) / 1e9);
        loss.add(sum / Math.max(1, count));
    }
}
