package dev.genzoo.spark.bench;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.spark.ShippedModel;
import dev.genzoo.spark.SparkScorer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Throughput of scoring: one JVM (the model's own pass in batches of 256) against Spark on the
 * master given as the first argument, on the 10,000 MNIST test images repeated {@code copies}
 * times, the rows cached in Spark before the clock starts. Not a test: run with
 * {@code dev/spark-scoring-bench.sh}, on a quiet machine.
 *
 * <p>args: MASTER MODEL COPIES PARTITIONS [extra class path for the executors]
 */
public final class ScoringBench {
    public static void main(String[] args) throws Exception {
        String master = args[0];
        String model = args[1];
        int copies = Integer.parseInt(args[2]);
        int partitions = Integer.parseInt(args[3]);
        ImageDataset test = Datasets.fullOrBundled(DatasetId.MNIST, Split.TEST);
        int n = test.size();
        int d = test.pixelCount();
        float[] all = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < d; p++) {
                all[i * d + p] = test.value(i, p);
            }
        }
        AnomalyScoring local = ModelZoo.load(model);
        boolean image = local.inputShape().height() > 1;
        // one JVM: batches of 256, three passes over copies x n rows, the best
        double best = Double.MAX_VALUE;
        for (int rep = 0; rep < 3; rep++) {
            long t0 = System.nanoTime();
            double sink = 0;
            for (int c = 0; c < copies; c++) {
                for (int from = 0; from < n; from += 256) {
                    int m = Math.min(256, n - from);
                    float[] part = java.util.Arrays.copyOfRange(all, from * d, (from + m) * d);
                    INDArray x = Nd4j.create(part, new long[] {m, d}, 'c');
                    if (image) {
                        x = x.reshape('c', m, 1, 28, 28);
                    }
                    sink += local.anomalyScore(x).sumNumber().doubleValue();
                }
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
            if (Double.isNaN(sink)) {
                throw new IllegalStateException("NaN scores");
            }
        }
        double single = (double) copies * n / best;

        SparkSession.Builder b = SparkSession.builder().appName("genzoo scoring bench").master(master)
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (args.length > 4) {
            b.config("spark.executor.extraClassPath", args[4]).config("spark.executor.memory", "2g")
                    .config("spark.executor.extraJavaOptions", System.getProperty("genzoo.spark.opens", "")
                            + " -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G");
        }
        SparkSession spark = b.getOrCreate();
        try {
            StructType schema = new StructType().add("id", DataTypes.LongType, false)
                    .add("pixels", DataTypes.createArrayType(DataTypes.FloatType, false));
            List<Row> rows = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                Float[] v = new Float[d];
                for (int p = 0; p < d; p++) {
                    v[p] = all[i * d + p];
                }
                rows.add(RowFactory.create((long) i, v));
            }
            Dataset<Row> one = spark.createDataFrame(rows, schema);
            Dataset<Row> data = one;
            for (int c = 1; c < copies; c++) {
                data = data.union(one);
            }
            data = data.repartition(partitions).cache();
            long count = data.count();
            ShippedModel shipped = ShippedModel.named(model);
            SparkScorer scorer = SparkScorer.of(shipped, SparkScorer.Output.ANOMALY_SCORE).batchSize(256);
            scorer.score(data).agg(org.apache.spark.sql.functions.sum("anomaly_score")).collectAsList(); // warm-up
            double bestSpark = Double.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                long t0 = System.nanoTime();
                scorer.score(data).agg(org.apache.spark.sql.functions.sum("anomaly_score")).collectAsList();
                bestSpark = Math.min(bestSpark, (System.nanoTime() - t0) / 1e9);
            }
            double distributed = count / bestSpark;
            System.out.printf(Locale.ROOT, "SUMMARY model=%s rows=%d single_jvm=%.0f rows/s spark(%s, %d partitions)=%.0f"
                    + " rows/s ratio=%.2f%n", model, count, single, master, partitions, distributed,
                    distributed / single);
        } finally {
            spark.stop();
        }
    }
}
