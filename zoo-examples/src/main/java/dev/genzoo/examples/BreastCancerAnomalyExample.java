package dev.genzoo.examples;

import dev.genzoo.autoencoders.ReconstructionLoss;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.autoencoders.WeightPenalty;
import dev.genzoo.core.baseline.KnnDistance;
import dev.genzoo.core.baseline.Pca;
import dev.genzoo.core.data.ColumnScaling;
import dev.genzoo.core.data.CsvFormat;
import dev.genzoo.core.data.CsvTable;
import dev.genzoo.core.data.Shuffle;
import dev.genzoo.core.eval.Ranking;
import dev.genzoo.core.weights.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * One-class anomaly detection on a real table: the Wisconsin Diagnostic Breast Cancer data (569
 * rows, 30 features, 212 malignant), read through the CSV path ({@link CsvTable}, DataVec). Per
 * seed, the benign rows are shuffled and split 70/30; an autoencoder (30-16-4, MSE, Adam 1e-3,
 * 300 epochs of batch 16) is trained on the benign training rows only, standardised with a scaling
 * fitted on those rows; every held-out row (the benign 30% and all 212 malignant) is scored by
 * reconstruction error, and AUROC and AUPRC (malignant positive) are compared with two baselines on
 * the same split and scaling: PCA with as many components as the code (4), by reconstruction error,
 * and the mean distance to the 5 nearest benign training rows.
 *
 * <p>The table ships in Debian's {@code python3-sklearn} (../shared/DATA.md): give its path as the
 * first argument, or have the package installed. Its SHA-256 is checked.
 */
public final class BreastCancerAnomalyExample {
    static final String SHA256 = "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed";
    static final Path DEBIAN = Path.of("/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv");
    static final int SEEDS = 5;
    static final int CODE = 4;
    static final int EPOCHS = 300;

    private BreastCancerAnomalyExample() {
    }

    /** AUROC and AUPRC of one method on one split. */
    record Result(double auroc, double auprc) {
    }

    public static void main(String[] args) throws Exception {
        Path csv = args.length > 0 ? Path.of(args[0]) : DEBIAN;
        if (!Files.isRegularFile(csv)) {
            System.err.println("breast_cancer.csv not found at " + csv + "; get it from Debian's python3-sklearn"
                    + " (apt-get download python3-sklearn && dpkg-deb -x python3-sklearn_*.deb DIR) and pass"
                    + " DIR/usr/lib/python3/dist-packages/sklearn/datasets/data/breast_cancer.csv");
            System.exit(2);
        }
        String sha = Sha256.of(csv);
        if (!sha.equals(SHA256)) {
            System.err.println(csv + " has SHA-256 " + sha + "; expected " + SHA256 + " (../shared/DATA.md)");
            System.exit(2);
        }
        // first line "569,30,malignant,benign" is a count line, not column names; the target is column 30
        CsvTable table = CsvTable.read(csv, CsvFormat.plain().withSkipLines(1).withLabel("30"));
        int benign = table.classNames().indexOf("1");
        System.out.println(table + ", classes " + table.classNames() + " (0 malignant, 1 benign)");
        String[] methods = {"autoencoder 30-16-4", "PCA 4 components", "5-NN distance"};
        double[][] auroc = new double[methods.length][SEEDS];
        double[][] auprc = new double[methods.length][SEEDS];
        for (int seed = 0; seed < SEEDS; seed++) {
            Result[] r = run(table, benign, seed);
            for (int m = 0; m < methods.length; m++) {
                auroc[m][seed] = r[m].auroc();
                auprc[m][seed] = r[m].auprc();
            }
            System.out.printf("seed %d: AUROC %.4f / %.4f / %.4f, AUPRC %.4f / %.4f / %.4f%n", seed, r[0].auroc(),
                    r[1].auroc(), r[2].auroc(), r[0].auprc(), r[1].auprc(), r[2].auprc());
        }
        System.out.println("| method | AUROC (mean ± sd of " + SEEDS + " splits) | AUPRC |");
        System.out.println("| --- | --- | --- |");
        for (int m = 0; m < methods.length; m++) {
            System.out.printf("| %s | %.4f ± %.4f | %.4f ± %.4f |%n", methods[m], mean(auroc[m]), sd(auroc[m]),
                    mean(auprc[m]), sd(auprc[m]));
        }
    }

    /** One split: the autoencoder, PCA and kNN scores of the held-out rows. */
    static Result[] run(CsvTable table, int benignClass, long seed) {
        int[] benign = table.rowsOf(benignClass);
        int[] order = Shuffle.permutation(benign.length, seed);
        int nTrain = (int) Math.round(0.7 * benign.length);
        int[] train = IntStream.range(0, nTrain).map(i -> benign[order[i]]).toArray();
        int[] heldBenign = IntStream.range(nTrain, benign.length).map(i -> benign[order[i]]).toArray();
        int[] malignant = IntStream.range(0, table.rows()).filter(i -> table.label(i) != benignClass).toArray();
        int[] test = IntStream.concat(Arrays.stream(heldBenign), Arrays.stream(malignant)).toArray();
        boolean[] positive = new boolean[test.length];
        for (int i = heldBenign.length; i < test.length; i++) {
            positive[i] = true;
        }
        INDArray trainRaw = table.select(train).features(DataType.FLOAT);
        ColumnScaling scaling = ColumnScaling.fit(ColumnScaling.Kind.STANDARDIZE, trainRaw);
        INDArray x = scaling.apply(trainRaw);
        INDArray t = scaling.apply(table.select(test).features(DataType.FLOAT));

        var ae = UndercompleteAutoencoder.create(new UndercompleteAutoencoder.Config(table.features(), List.of(16),
                CODE, ReconstructionLoss.MSE, WeightPenalty.NONE, 1e-3, seed, 0));
        // copies: DataSet.shuffle permutes its arrays in place, and given one array as both features and
        // labels it loses rows (docs/dl4j-findings.md); x itself stays for the baselines
        DataSet all = new DataSet(x.dup(), x.dup());
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            all.shuffle(seed * 1_000_003L + epoch);
            ae.fit(new ListDataSetIterator<>(all.batchBy(16)), 1);
        }
        double[] aeScores = ae.anomalyScore(t).castTo(DataType.DOUBLE).toDoubleVector();
        double[] pcaScores = Pca.fit(x, CODE).reconstructionError(t).castTo(DataType.DOUBLE).toDoubleVector();
        double[] knnScores = KnnDistance.fit(x, 5).score(t);
        return new Result[] {result(aeScores, positive), result(pcaScores, positive), result(knnScores, positive)};
    }

    private static Result result(double[] scores, boolean[] positive) {
        return new Result(Ranking.auroc(scores, positive), Ranking.auprc(scores, positive));
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double sd(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(d -> (d - m) * (d - m)).sum() / (v.length - 1));
    }
}
