package dev.genzoo.generative.classifier;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.weights.ModelCard;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * A {@link GeometricAnomalyDetector}'s own metrics on images it should find normal (for a
 * one-class run, the test images of its class): how often it names the transformation applied,
 * and its mean anomaly score. The one-class AUROC, which needs the other classes, is
 * {@code genzoo anomaly --normal-class}.
 */
public final class GeometricEvaluation implements EvaluationProtocol<GeometricAnomalyDetector> {
    /** The protocol (it keeps no state). */
    public static final GeometricEvaluation INSTANCE = new GeometricEvaluation();
    /** Images evaluated at most (each under every transformation). */
    static final int MAX_IMAGES = 1000;

    private GeometricEvaluation() {
    }

    @Override
    public Map<String, ModelCard.Metric> evaluate(GeometricAnomalyDetector model, ImageDataset data) {
        model.checkData(data);
        var it = data.batch(250).layout(Layout.IMAGE).target(Target.INPUT).iterator();
        int k = model.config().transforms().count();
        long n = 0;
        long named = 0;
        double score = 0;
        while (it.hasNext() && n < MAX_IMAGES) {
            DataSet ds = it.next();
            INDArray p = model.transformProbabilities(ds.getFeatures()).castTo(DataType.DOUBLE); // [m, k]
            for (int i = 0; i < p.size(0) && n < MAX_IMAGES; i++, n++) {
                for (int t = 0; t < k; t++) {
                    double pt = p.getDouble(i, t);
                    named += pt > 0.5 ? 1 : 0;
                    score -= Math.log(Math.max(pt, GeometricAnomalyDetector.MIN_PROBABILITY)) / k;
                }
            }
        }
        String of = "the first " + n + " images of " + data.name() + ", each under all " + k + " transformations";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("transform_accuracy", new ModelCard.Metric((double) named / (n * k), "share of (image, transformation)"
                + " pairs where the classifier gives the applied transformation probability above 1/2; " + of));
        m.put("mean_anomaly_score", new ModelCard.Metric(score / n, "mean over images of -mean_t log p(t | T_t(x)),"
                + " in nats; " + of));
        return m;
    }
}
