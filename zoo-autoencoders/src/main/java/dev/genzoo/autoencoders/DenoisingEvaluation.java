package dev.genzoo.autoencoders;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The denoising autoencoder's metrics: those of every autoencoder ({@link ReconstructionEvaluation})
 * plus the denoising ones: each image corrupted by the noise the model was trained with (seed 0, the
 * same draw every time), then PSNR against the clean image of the noisy input and of the
 * reconstruction, and their difference.
 */
public final class DenoisingEvaluation implements EvaluationProtocol<DenoisingAutoencoder> {
    /** The protocol (it keeps no state). */
    public static final DenoisingEvaluation INSTANCE = new DenoisingEvaluation();

    private DenoisingEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(DenoisingAutoencoder model, ImageDataset data) {
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>(ReconstructionEvaluation.INSTANCE.evaluate(model, data));
        var it = data.batch(500).seed(0).noise(Noise.parse(model.noiseSpec())).iterator();
        double noisy = 0;
        double out = 0;
        long n = 0;
        while (it.hasNext()) {
            var ds = it.next();
            INDArray clean = ds.getLabels();
            noisy += Reconstruction.psnr(clean, ds.getFeatures()).sumNumber().doubleValue();
            out += Reconstruction.psnr(clean, model.reconstruct(ds.getFeatures())).sumNumber().doubleValue();
            n += clean.size(0);
        }
        String protocol = "PSNR in dB with peak 1 against the clean image, mean over the " + n + " images of "
                + data.name() + " corrupted by " + model.noiseSpec() + " (seed 0)";
        m.put("noisy_psnr_db", new ModelCard.Metric(noisy / n, protocol + ", noisy input"));
        m.put("denoised_psnr_db", new ModelCard.Metric(out / n, protocol + ", reconstruction of the noisy input"));
        m.put("psnr_gain_db", new ModelCard.Metric((out - noisy) / n, protocol + ", reconstruction minus noisy input"));
        return m;
    }
}
