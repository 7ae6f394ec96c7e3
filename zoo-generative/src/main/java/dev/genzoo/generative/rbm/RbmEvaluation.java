package dev.genzoo.generative.rbm;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.model.Rbm.LogPartition;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RBM's metrics: the AIS log-likelihood in nats on a fixed stochastic binarization of the data
 * (seed 0), with the configuration's number of runs and intermediate distributions, its log Z and
 * standard error, and the mean-field reconstruction error. The base-rate model of AIS takes the
 * pixel means of those images (smoothed by one pseudo-count each way); any base gives an unbiased
 * estimate of Z, a close one a smaller spread. Free energies cost one pass, so every image is
 * scored; AIS costs the same whatever the number of images.
 */
public final class RbmEvaluation implements EvaluationProtocol<RestrictedBoltzmannMachine> {
    /** The protocol (it keeps no state). */
    public static final RbmEvaluation INSTANCE = new RbmEvaluation();
    private static final Logger LOG = LoggerFactory.getLogger(RbmEvaluation.class);

    private RbmEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(RestrictedBoltzmannMachine model, ImageDataset data) {
        var it = data.batch(1000).seed(0).binarize(Binarization.STATIC).layout(Layout.FLAT).iterator();
        RbmWeights exact = model.parameterViews().toDouble();
        double sumF = 0;
        double sumSq = 0;
        INDArray onCounts = Nd4j.zeros(DataType.DOUBLE, 1, model.visibleSize());
        long n = 0;
        while (it.hasNext()) {
            INDArray x = model.checkVisible(it.next().getFeatures()).castTo(DataType.DOUBLE);
            sumF += exact.freeEnergy(x).sumNumber().doubleValue();
            double err = exact.visibleProbabilities(exact.hiddenProbabilities(x)).subi(x).norm2Number().doubleValue();
            sumSq += err * err;
            onCounts.addi(x.sum(true, 0));
            n += x.size(0);
        }
        INDArray base = onCounts.addi(1).divi(n + 2.0);
        long t0 = System.nanoTime();
        LogPartition z = model.estimateLogPartition(model.config().aisRuns(), model.config().aisDistributions(), base,
                model.config().seed());
        double seconds = (System.nanoTime() - t0) / 1e9;
        LOG.info("{}: AIS log Z = {} +/- {} ({} s)", model.name(), z.logZ(), z.standardError(), seconds);
        String images = "the " + n + " images of " + data.name() + ", statically binarized with seed 0";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("ais_log_likelihood_nats", new ModelCard.Metric(-sumF / n - z.logZ(), "mean log p(v) = -F(v) - log Z"
                + " in nats over " + images + "; " + z.protocol() + "; base rates from those images' pixel means"));
        m.put("ais_log_z", new ModelCard.Metric(z.logZ(), z.protocol()));
        m.put("ais_log_z_std_error_nats", new ModelCard.Metric(z.standardError(), "standard error of the AIS log Z"
                + " (and so of the mean log-likelihood), " + z.runs() + " runs, " + z.intermediateDistributions()
                + " intermediate distributions; the log of the importance weights has standard deviation "
                + String.format(Locale.ROOT, "%.3f", z.logWeightStd())));
        m.put("reconstruction_sse", new ModelCard.Metric(sumSq / n, "squared error of the mean-field reconstruction"
                + " p(v | p(h | v)) summed over pixels, mean over " + images));
        return m;
    }
}
