package dev.genzoo.autoencoders;

import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The autoencoders' metrics: reconstruction error over the whole of the data (pixels/255, no noise,
 * no binarization): SSE per image (the measure of Hinton &amp; Salakhutdinov 2006), MSE per pixel,
 * BCE per image and PSNR, each a mean over images.
 */
public final class ReconstructionEvaluation implements EvaluationProtocol<GraphAutoencoder> {
    /** The protocol (it keeps no state). */
    public static final ReconstructionEvaluation INSTANCE = new ReconstructionEvaluation();

    private ReconstructionEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(GraphAutoencoder model, ImageDataset data) {
        ImageDataSetIterator it = data.batch(500).layout(model.imageLayout() ? Layout.IMAGE : Layout.FLAT).iterator();
        double sse = 0;
        double bce = 0;
        double psnr = 0;
        long n = 0;
        while (it.hasNext()) {
            INDArray x = it.next().getFeatures();
            INDArray r = model.reconstruct(x);
            sse += Reconstruction.sse(x, r).sumNumber().doubleValue();
            bce += Reconstruction.bce(x, r).sumNumber().doubleValue();
            psnr += Reconstruction.psnr(x, r).sumNumber().doubleValue();
            n += x.size(0);
        }
        int size = model.inputShape().size();
        String protocol = "mean over the " + n + " images of " + data.name() + ", pixels/255, deterministic"
                + " reconstruction";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("sse_per_image", new ModelCard.Metric(sse / n, "sum of squared errors over " + size + " values, " + protocol));
        m.put("mse_per_pixel", new ModelCard.Metric(sse / n / size, "squared error per pixel, " + protocol));
        m.put("bce_per_image", new ModelCard.Metric(bce / n, "binary cross-entropy in nats summed over pixels, "
                + protocol));
        m.put("psnr_db", new ModelCard.Metric(psnr / n, "PSNR in dB with peak 1, " + protocol));
        return m;
    }
}
