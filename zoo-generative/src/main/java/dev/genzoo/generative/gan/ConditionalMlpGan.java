package dev.genzoo.generative.gan;

import dev.genzoo.core.model.ConfigChecks;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Conditional GAN — Mirza &amp; Osindero, "Conditional Generative Adversarial Nets", 2014
 * (https://arxiv.org/abs/1411.1784): the one-hot label is concatenated to G's noise and, with
 * {@link Conditioning#CONCAT}, to D's input: D, a MultiLayerNetwork, takes the flat example followed
 * by the label and gives one probability. With {@link Conditioning#CLASSES}, D takes the example
 * alone and gives a softmax over the classes and one more class, "generated" (the K+1 discriminator
 * of Salimans et al. 2016, https://arxiv.org/abs/1606.03498, used for conditioning in the manner
 * of the auxiliary classifier of Odena et al. 2017, https://arxiv.org/abs/1610.09585): D puts real
 * examples in their class and generated ones in the extra class, and G, asked for class y,
 * maximizes log D_y(G(z, y)), which a sample of the wrong class cannot satisfy. G is a graph with
 * inputs {@code z} and {@code label}. {@link #generate(INDArray)} without labels cycles through the
 * classes (row i gets class i mod numClasses).
 */
public final class ConditionalMlpGan extends AbstractGan implements Gan.Conditional {
    /** Registry name. */
    public static final String NAME = "cgan-mlp";

    /**
     * @param dataSize                  values per example
     * @param numClasses                classes of the one-hot labels
     * @param latentSize                width of z
     * @param generatorHidden           G's hidden layer sizes
     * @param discriminatorHidden       D's hidden layer sizes
     * @param loss                      MINIMAX, NON_SATURATING, LEAST_SQUARES or HINGE
     * @param realLabel                 D's target for real examples, in (0.5, 1]
     * @param generatorLearningRate     Adam learning rate of G (beta1 0.5)
     * @param discriminatorLearningRate Adam learning rate of D (beta1 0.5)
     * @param seed                      initialisation and training-noise seed
     */
    public record Config(int dataSize, int numClasses, int latentSize, List<Integer> generatorHidden,
            List<Integer> discriminatorHidden, GanLoss loss, double realLabel, double generatorLearningRate,
            double discriminatorLearningRate, long seed, Conditioning conditioning) {
        public Config {
            if (conditioning == null) {
                conditioning = Conditioning.CONCAT; // a card written before the field existed
            }
            if (conditioning == Conditioning.CLASSES && (loss != GanLoss.NON_SATURATING || realLabel != 1.0)) {
                throw new IllegalArgumentException("conditioning CLASSES trains with loss NON_SATURATING and realLabel"
                        + " 1.0 (D's targets are classes), found loss " + loss + " and realLabel " + realLabel);
            }
            ConfigChecks.positive("dataSize", dataSize);
            if (numClasses < 2) {
                throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
            }
            ConfigChecks.positive("latentSize", latentSize);
            generatorHidden = ConfigChecks.nonEmptySizes("generatorHidden", generatorHidden);
            discriminatorHidden = ConfigChecks.nonEmptySizes("discriminatorHidden", discriminatorHidden);
            GanChecks.adversarialLoss(loss);
            ConfigChecks.learningRate("generatorLearningRate", generatorLearningRate);
            ConfigChecks.learningRate("discriminatorLearningRate", discriminatorLearningRate);
            new GanTrainer.Settings(loss, 1, realLabel, 0, seed);
        }

        /** MNIST digits: 784 values, 10 classes, z 64, G 256-512, D 512-256, label 0.9, Adam 2e-4. */
        public static Config defaults() {
            return new Config(784, 10, 64, List.of(256, 512), List.of(512, 256), GanLoss.NON_SATURATING, 0.9, 2e-4,
                    2e-4, 42, Conditioning.CONCAT);
        }

        GanTrainer.Settings trainingSettings() {
            return new GanTrainer.Settings(loss, 1, realLabel, 0, seed);
        }

        Architecture architecture() {
            return new Architecture(
                    Networks.mlpGenerator(latentSize, numClasses, generatorHidden, dataSize,
                            new Adam(generatorLearningRate, 0.5, 0.999, 1e-8), seed),
                    conditioning == Conditioning.CLASSES
                            ? Networks.mlpClassDiscriminator(dataSize, discriminatorHidden, numClasses + 1,
                                    new Adam(discriminatorLearningRate, 0.5, 0.999, 1e-8), seed + 1)
                            : Networks.mlpDiscriminator(dataSize + numClasses, discriminatorHidden, loss,
                                    new Adam(discriminatorLearningRate, 0.5, 0.999, 1e-8), seed + 1));
        }
    }

    /** How D sees the label. */
    public enum Conditioning {
        /** D gets [example, one-hot label] and gives the probability that the pair is real. */
        CONCAT,
        /** D gets the example and gives a softmax over the classes and "generated" (K+1 outputs). */
        CLASSES
    }

    private final Conditioning conditioning;

    private final int numClasses;

    private ConditionalMlpGan(Config c, Map<String, Model> restored) {
        super(NAME, c, InputShape.flat(c.dataSize()), c.latentSize(), c.numClasses(), c.architecture(),
                c.trainingSettings(), restored);
        this.numClasses = c.numClasses();
        this.conditioning = c.conditioning();
    }

    /** A new, untrained model. */
    public static ConditionalMlpGan create(Config c) {
        return new ConditionalMlpGan(c, null);
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    /** One-hot labels of the given classes. */
    public INDArray oneHot(int... classes) {
        INDArray labels = Nd4j.zeros(generator().params().dataType(), classes.length, numClasses);
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= numClasses) {
                throw new IllegalArgumentException(name() + ": class must be in [0, " + numClasses + "), found "
                        + classes[i]);
            }
            labels.putScalar(i, classes[i], 1.0);
        }
        return labels;
    }

    @Override
    public INDArray generate(INDArray z) {
        checkLatent(z);
        int[] classes = new int[(int) z.size(0)];
        Arrays.setAll(classes, i -> i % numClasses);
        return generate(z, oneHot(classes));
    }

    @Override
    public INDArray generate(INDArray labels, long seed) {
        checkLabels(labels, -1);
        return generate(noise((int) labels.size(0), seed), labels);
    }

    @Override
    public INDArray generate(INDArray z, INDArray labels) {
        checkLatent(z);
        checkLabels(labels, z.size(0));
        return generator().output(false, z, labels.castTo(z.dataType()))[0];
    }

    @Override
    public INDArray discriminate(INDArray x) {
        throw new UnsupportedOperationException(name() + " is conditional: use discriminate(x, labels)");
    }

    /**
     * D's probability that each (example, label) pair is real: its one output on the pair, or, for
     * {@link Conditioning#CLASSES}, 1 - p(generated) on the example ({@code labels} are checked but
     * do not enter; {@link #classProbabilities} has D's class outputs); {@code [n, 1]}.
     */
    @Override
    public INDArray discriminate(INDArray x, INDArray labels) {
        checkInput(x);
        checkLabels(labels, x.size(0));
        if (conditioning == Conditioning.CLASSES) {
            INDArray p = discriminator().output(x, false);
            return p.get(NDArrayIndex.all(), NDArrayIndex.interval(numClasses, numClasses + 1)).rsub(1.0);
        }
        return discriminator().output(Nd4j.hstack(x, labels.castTo(x.dataType())), false);
    }

    /**
     * D's softmax over the classes and "generated" ({@code [n, numClasses + 1]}, the last column
     * generated), for {@link Conditioning#CLASSES}.
     *
     * @throws IllegalStateException for a CONCAT discriminator, which has no class outputs
     */
    public INDArray classProbabilities(INDArray x) {
        if (conditioning != Conditioning.CLASSES) {
            throw new IllegalStateException(name() + " has a CONCAT discriminator: one probability per (example,"
                    + " label) pair, no class outputs");
        }
        checkInput(x);
        return discriminator().output(x, false);
    }

    private void checkLabels(INDArray labels, long rows) {
        if (labels.rank() != 2 || labels.size(1) != numClasses || (rows >= 0 && labels.size(0) != rows)) {
            throw new IllegalArgumentException(name() + ": labels must be one-hot of shape [" + (rows >= 0 ? rows : "n")
                    + ", " + numClasses + "], found " + Arrays.toString(labels.shape()));
        }
        checkNotEmpty(labels, "labels");
        checkFinite(labels, "labels");
    }

    /** The registry entry. */
    public static ZooEntry<Config, ConditionalMlpGan> entry() {
        return ZooEntry.<Config, ConditionalMlpGan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(Config.class, Config.defaults())
                .setFactory(ConditionalMlpGan::create)
                .setRestorer(ConditionalMlpGan::new)
                .optDescription("Conditional GAN: one-hot labels concatenated to G's noise, and to D's input (conditioning CONCAT)"
                        + " or D outputs K+1 classes, the K real ones and 'generated' (CLASSES)")
                .optTags("mlp", "gan", "conditional", "mnist")
                .optReference("https://arxiv.org/abs/1411.1784")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage", "conditional_accuracy")
                .optVariant("mnist", "classpath:genzoo/models/cgan-mlp/mnist/")
                .optComparison("mnist", "K+1 discriminator (conditioning CLASSES), 20 epochs: 99.7% of samples classified as the digit asked for (real test images: 99.2%); the concatenating discriminator reached 83.8% in 10 epochs")
                .optVariant("fashion-mnist", "classpath:genzoo/models/cgan-mlp/fashion-mnist/")
                .optComparison("fashion-mnist", "K+1 discriminator (conditioning CLASSES), 20 epochs: 89.1% of samples classified as the class asked for (real test images: 93.2%, the judge's own accuracy; 90.9% by the earlier 90.1% judge); the concatenating discriminator reached 74.8% in 10 epochs (earlier judge)")
                .build();
    }
}
