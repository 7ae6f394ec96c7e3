package dev.genzoo.examples;

import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.eval.Ranking;
import dev.genzoo.core.train.TrainingOptions;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One-class anomaly detection: for each digit, an autoencoder trained on that digit alone scores
 * every held-out image by reconstruction error; AUROC of telling the other digits apart.
 */
public final class AnomalyDetectionExample {
    private AnomalyDetectionExample() {
    }

    public static void main(String[] args) {
        var data = ExampleSupport.mnist(false);
        var x = data.test().batch(data.test().size()).iterator().next().getFeatures();
        double sum = 0;
        for (int normal = 0; normal < 10; normal++) {
            var ae = UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults()
                    .withHidden(List.of(128)).withCodeSize(16));
            ae.train(data.train().select(data.train().indicesOf(normal)), TrainingOptions.epochs(30).withBatchSize(20));
            double[] scores = ae.anomalyScore(x).castTo(DataType.DOUBLE).toDoubleVector();
            boolean[] anomalous = new boolean[scores.length];
            for (int i = 0; i < scores.length; i++) {
                anomalous[i] = data.test().label(i) != normal;
            }
            double auroc = Ranking.auroc(scores, anomalous);
            sum += auroc;
            System.out.printf("normal digit %d: AUROC %.3f, AUPRC %.3f%n", normal, auroc,
                    Ranking.auprc(scores, anomalous));
        }
        System.out.printf("mean AUROC %.3f on the %s%n", sum / 10, data.description());
    }
}
