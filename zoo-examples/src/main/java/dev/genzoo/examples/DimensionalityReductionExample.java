package dev.genzoo.examples;

import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.eval.Representation;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.viz.LatentScatter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dimensionality reduction to two dimensions: a 2-d autoencoder code against the first two
 * principal components, plotted by class, with the k-NN accuracy each 2-d map keeps.
 */
public final class DimensionalityReductionExample {
    private DimensionalityReductionExample() {
    }

    public static void main(String[] args) throws Exception {
        Path out = ExampleSupport.out("dimensionality-reduction", args);
        var data = ExampleSupport.mnist(false);
        INDArray train = data.train().batch(data.train().size()).iterator().next().getFeatures();
        INDArray test = data.test().batch(data.test().size()).iterator().next().getFeatures();
        int[] trainLabels = IntStream.range(0, data.train().size()).map(data.train()::label).toArray();
        int[] testLabels = IntStream.range(0, data.test().size()).map(data.test()::label).toArray();
        var ae = UndercompleteAutoencoder.create(UndercompleteAutoencoder.Config.defaults().withCodeSize(2));
        ae.train(data.train(), TrainingOptions.epochs(30).withBatchSize(50));
        Pca pca = Pca.fit(train, 2);
        List<String> classes = data.train().classNames();
        for (var m : List.of(new Object[] {"pca", pca}, new Object[] {"autoencoder", ae})) {
            var model = (dev.genzoo.core.model.Autoencoder) m[1];
            INDArray zTrain = model.encode(train);
            INDArray zTest = model.encode(test);
            double acc = Representation.knnAccuracy(zTrain, trainLabels, zTest, testLabels, classes.size(), 5);
            System.out.printf("%-12s 2-d codes: 5-NN accuracy %.3f on the held-out images%n", m[0], acc);
            LatentScatter.writePng(zTest, testLabels, classes, m[0] + " 2-d codes of held-out MNIST", 700, 600,
                    out.resolve(m[0] + "-2d.png"));
        }
        System.out.println("scatter plots in " + out.toAbsolutePath() + " (" + data.description() + ")");
    }
}
