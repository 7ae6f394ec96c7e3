package dev.genzoo.spark;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * {@code genzoo train --spark-master URL}: {@link SparkTrainer} in a session of its own, with
 * signatures free of Spark types (the command line links against this class without Spark on its
 * class path and reports that Spark is missing).
 */
public final class SparkTraining {

    private SparkTraining() {
    }

    /** What the card records about a run on Spark. */
    public static String describe(String master, int partitions, int localSteps) {
        return String.format(Locale.ROOT, "trained on Apache Spark (master %s) by parameter averaging: %d partitions,"
                + " %d local step%s per round, parameters and updater state averaged by examples", master, partitions,
                localSteps, localSteps == 1 ? "" : "s");
    }

    /**
     * Trains {@code model} on {@code data} on the Spark master {@code master}, checkpointing to (and
     * resuming from) {@code options.checkpointDir()} on this machine.
     *
     * @param shipJars give the executors this JVM's GenZoo and Deeplearning4j jars (a cluster without them)
     */
    public static TrainingReport run(String master, int partitions, int localSteps, boolean shipJars,
            GenZooModel model, ImageDataset data, TrainingOptions options) throws Exception {
        SparkSession spark = SparkScoreJob.session("genzoo train " + model.name(), master, shipJars).getOrCreate();
        try {
            SparkTrainer.Report r = new SparkTrainer(spark, partitions, localSteps).train(model, data, options);
            return new TrainingReport(r.epochLoss(), r.seconds(), r.steps(), data.size(), options.seed(),
                    r.resumedAtStep(), null);
        } finally {
            spark.stop();
        }
    }
}
