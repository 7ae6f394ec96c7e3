package dev.genzoo.generative.gan;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The GANs' own metrics, needing no judge: the discriminator's mean output on real and generated
 * images and the distance between the mean real and mean generated image. The classifier-based
 * metrics (FID, KID, IS, precision/recall, coverage) come from {@code genzoo evaluate --classifier}
 * ({@code GenerativeEvaluation}).
 */
public final class GanEvaluation implements EvaluationProtocol<AbstractGan> {
    /** The protocol (it keeps no state). */
    public static final GanEvaluation INSTANCE = new GanEvaluation();

    private GanEvaluation() {
    }

    /**
     * The discriminator's mean output on the real images of {@code data} and on as many generated
     * ones, and the mean absolute difference between the mean generated image and the mean real
     * image (a crude check that the generator covers the data's average, not a quality score).
     */
    @Override
    public Map<String, ModelCard.Metric> evaluate(AbstractGan model, ImageDataset data) {
        int numClasses = model.classCount();
        var it = data.batch(500).scale(Scale.SYMMETRIC).layout(model.imageLayout() ? Layout.IMAGE : Layout.FLAT)
                .target(Target.LABELS).iterator();
        double dReal = 0;
        double dFake = 0;
        INDArray realSum = null;
        INDArray fakeSum = null;
        long n = 0;
        long seed = 0;
        while (it.hasNext()) {
            var ds = it.next();
            INDArray x = ds.getFeatures();
            INDArray fake = numClasses > 0 ? ((Gan.Conditional) model).generate(ds.getLabels(), seed++)
                    : model.generate((int) x.size(0), seed++);
            INDArray dr = numClasses > 0 ? ((Gan.Conditional) model).discriminate(x, ds.getLabels()) : model.discriminate(x);
            INDArray df = numClasses > 0 ? ((Gan.Conditional) model).discriminate(fake, ds.getLabels())
                    : model.discriminate(fake);
            dReal += dr.sumNumber().doubleValue();
            dFake += df.sumNumber().doubleValue();
            INDArray rs = x.reshape(x.size(0), model.inputShape().size()).sum(0);
            INDArray fs = fake.reshape(fake.size(0), model.inputShape().size()).sum(0);
            realSum = realSum == null ? rs : realSum.addi(rs);
            fakeSum = fakeSum == null ? fs : fakeSum.addi(fs);
            n += x.size(0);
        }
        String protocol = n + " real images of " + data.name() + " in [-1,1] and " + n + " generated (seeds 0..)";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("d_real_mean", new ModelCard.Metric(dReal / n, "mean discriminator output on the real images; " + protocol));
        m.put("d_fake_mean", new ModelCard.Metric(dFake / n, "mean discriminator output on the generated images; "
                + protocol));
        m.put("mean_image_abs_diff", new ModelCard.Metric(realSum.sub(fakeSum).divi(n).norm1Number().doubleValue()
                / model.inputShape().size(), "mean |mean real image - mean generated image| per pixel in [-1,1] units; "
                + protocol));
        return m;
    }
}
