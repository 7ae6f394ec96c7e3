package dev.genzoo.core.eval;

import java.util.Arrays;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Quality of frozen representations (latent codes) measured by how well simple classifiers read
 * the labels from them: a linear probe (multinomial logistic regression, the protocol of
 * representation-learning papers since Coates and Ng 2011) and k-nearest-neighbour majority vote.
 *
 * <p>Protocol: codes of the training split fit the probe (or serve as the neighbours), codes of
 * the test split are scored. The probe standardises each code dimension with the training mean
 * and standard deviation, then trains one softmax layer from zero weights (logistic regression is convex, so no random
 * initialisation is needed; Adam, learning rate 0.01, batch 256,
 * shuffled each epoch with {@code seed}) for a fixed number of epochs with no early stopping, so
 * no test information leaks into the fit. k-NN uses Euclidean distance on the raw codes; ties in
 * the vote go to the class whose nearest member is closest.
 */
public final class Representation {
    private static final int PROBE_BATCH = 256;
    private static final double PROBE_LEARNING_RATE = 0.01;

    private Representation() {
    }

    /**
     * Test accuracy of a linear probe trained on frozen codes.
     *
     * @param trainCodes  {@code [n, d]}
     * @param trainLabels class index per training code
     * @param testCodes   {@code [m, d]}
     * @param testLabels  class index per test code
     * @param numClasses  K, labels in 0..K-1
     * @param epochs      passes over the training codes, >= 1
     * @param seed        seed of initialisation and shuffling
     */
    public static double linearProbeAccuracy(INDArray trainCodes, int[] trainLabels, INDArray testCodes,
            int[] testLabels, int numClasses, int epochs, long seed) {
        INDArray train = Features.matrix("training codes", trainCodes, 2);
        INDArray test = Features.matrix("test codes", testCodes, 1);
        Features.sameWidth(train, test);
        checkLabels("training", trainLabels, train.size(0), numClasses);
        checkLabels("test", testLabels, test.size(0), numClasses);
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        INDArray mean = train.mean(true, 0);
        INDArray std = train.std(true, 0).addi(1e-8);
        INDArray xTrain = train.subRowVector(mean).diviRowVector(std).castTo(DataType.FLOAT);
        INDArray xTest = test.subRowVector(mean).diviRowVector(std).castTo(DataType.FLOAT);
        MultiLayerNetwork probe = probe((int) train.size(1), numClasses, seed);
        DataSet all = new DataSet(xTrain, oneHot(trainLabels, numClasses));
        for (int e = 0; e < epochs; e++) {
            all.shuffle(seed + e);
            for (DataSet batch : all.batchBy(PROBE_BATCH)) {
                probe.fit(batch);
            }
        }
        int[] predicted = probe.output(xTest, false).argMax(1).toIntVector();
        return accuracy(predicted, testLabels);
    }

    /** Test accuracy of k-nearest-neighbour majority vote among the training codes. */
    public static double knnAccuracy(INDArray trainCodes, int[] trainLabels, INDArray testCodes, int[] testLabels,
            int numClasses, int k) {
        INDArray train = Features.matrix("training codes", trainCodes, 1);
        INDArray test = Features.matrix("test codes", testCodes, 1);
        Features.sameWidth(train, test);
        checkLabels("training", trainLabels, train.size(0), numClasses);
        checkLabels("test", testLabels, test.size(0), numClasses);
        if (k < 1 || k > train.size(0)) {
            throw new IllegalArgumentException("k must be in 1.." + train.size(0) + " (the training codes), found " + k);
        }
        int m = (int) test.size(0);
        int[] predicted = new int[m];
        for (int from = 0; from < m; from += PrecisionRecall.CHUNK) {
            int to = Math.min(m, from + PrecisionRecall.CHUNK);
            double[][] d = Features.rows(Features.squaredDistances(
                    test.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to),
                            org.nd4j.linalg.indexing.NDArrayIndex.all()), train));
            for (int i = from; i < to; i++) {
                predicted[i] = vote(d[i - from], trainLabels, numClasses, k);
            }
        }
        return accuracy(predicted, testLabels);
    }

    private static int vote(double[] distances, int[] labels, int numClasses, int k) {
        Integer[] order = new Integer[distances.length];
        for (int j = 0; j < order.length; j++) {
            order[j] = j;
        }
        Arrays.sort(order, (p, q) -> Double.compare(distances[p], distances[q]));
        int[] votes = new int[numClasses];
        int[] firstRank = new int[numClasses];
        Arrays.fill(firstRank, Integer.MAX_VALUE);
        for (int r = 0; r < k; r++) {
            int c = labels[order[r]];
            votes[c]++;
            firstRank[c] = Math.min(firstRank[c], r);
        }
        int best = -1;
        for (int c = 0; c < numClasses; c++) {
            if (votes[c] > 0 && (best < 0 || votes[c] > votes[best]
                    || (votes[c] == votes[best] && firstRank[c] < firstRank[best]))) {
                best = c;
            }
        }
        return best;
    }

    private static MultiLayerNetwork probe(int inputs, int classes, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(seed).updater(new Adam(
                PROBE_LEARNING_RATE)).weightInit(WeightInit.ZERO).dataType(DataType.FLOAT).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(inputs).nOut(classes)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static INDArray oneHot(int[] labels, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1.0);
        }
        return y;
    }

    private static double accuracy(int[] predicted, int[] labels) {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    private static void checkLabels(String which, int[] labels, long rows, int numClasses) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2, found " + numClasses);
        }
        if (labels.length != rows) {
            throw new IllegalArgumentException(which + " labels: expected " + rows + " (one per code), found "
                    + labels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException(which + " label " + i + " is " + labels[i] + ", expected 0.."
                        + (numClasses - 1));
            }
        }
    }
}
