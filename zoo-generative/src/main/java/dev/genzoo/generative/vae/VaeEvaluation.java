package dev.genzoo.generative.vae;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The VAEs' metric: the negative ELBO in nats (one posterior sample per image, beta 1) on a fixed
 * stochastic binarization of the data (seed 0), mean over all images; a conditional VAE's is the
 * conditional ELBO with the labels given. The importance-sampled NLL ({@code Vae.logLikelihood})
 * is left to {@code genzoo evaluate --is-samples K}: with k = 1000 it costs minutes per thousand
 * images on a CPU.
 */
public final class VaeEvaluation implements EvaluationProtocol<GraphVae> {
    /** The protocol (it keeps no state). */
    public static final VaeEvaluation INSTANCE = new VaeEvaluation();

    private VaeEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(GraphVae model, ImageDataset data) {
        var it = data.batch(500).seed(0).binarize(Binarization.STATIC)
                .layout(model.imageLayout() ? Layout.IMAGE : Layout.FLAT).target(Target.LABELS).iterator();
        boolean conditional = model.arch().conditional();
        double sum = 0;
        long n = 0;
        while (it.hasNext()) {
            var ds = it.next();
            INDArray e = model.elboWith(ds.getFeatures(), conditional ? ds.getLabels() : null, 1);
            sum += e.sumNumber().doubleValue();
            n += ds.getFeatures().size(0);
        }
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("neg_elbo_nats", new ModelCard.Metric(-sum / n, "negative ELBO in nats, 1 posterior sample, beta 1,"
                + " mean over the " + n + " images of " + data.name() + ", statically binarized with seed 0"));
        return m;
    }
}
