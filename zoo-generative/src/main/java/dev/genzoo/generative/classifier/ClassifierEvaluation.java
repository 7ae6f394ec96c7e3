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

/** The classifiers' metrics: accuracy and mean cross-entropy on every image of the data. */
public final class ClassifierEvaluation implements EvaluationProtocol<CnnClassifier> {
    /** The protocol (it keeps no state). */
    public static final ClassifierEvaluation INSTANCE = new ClassifierEvaluation();

    private ClassifierEvaluation() {
    }

    /** Accuracy and mean cross-entropy on every image of {@code data} (normally the test split). */
    @Override
    public Map<String, ModelCard.Metric> evaluate(CnnClassifier model, ImageDataset data) {
        model.checkData(data);
        var it = data.batch(500).layout(Layout.IMAGE).target(Target.LABELS).iterator();
        long correct = 0;
        long n = 0;
        double nll = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray p = model.predict(ds.getFeatures()).castTo(DataType.DOUBLE);
            int[] truth = ds.getLabels().argMax(1).toIntVector();
            int[] guess = p.argMax(1).toIntVector();
            for (int i = 0; i < truth.length; i++) {
                correct += guess[i] == truth[i] ? 1 : 0;
                nll -= Math.log(Math.max(p.getDouble(i, truth[i]), 1e-12));
            }
            n += truth.length;
        }
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("test_accuracy", new ModelCard.Metric((double) correct / n, "share of the " + n + " images of "
                + data.name() + " whose most probable class is the label"));
        m.put("test_cross_entropy_nats", new ModelCard.Metric(nll / n, "mean -log p(label | image) over the " + n
                + " images of " + data.name()));
        return m;
    }
}
