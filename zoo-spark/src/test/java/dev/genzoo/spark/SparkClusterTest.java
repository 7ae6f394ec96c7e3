package dev.genzoo.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.spark.SparkScorer.Output;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Scoring on a real standalone cluster (a master and two workers of one core, each its own JVM,
 * executors in JVMs of their own): the scores are the single-machine ones, each executor restores
 * the artifact once, and a worker killed in the middle of a job that writes its result leaves either
 * the whole result (Spark reruns the lost tasks on the other worker) or a clear failure and no result.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {

    private static StandaloneCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void start() throws Exception {
        cluster = new StandaloneCluster(2, 1, "2g");
        spark = cluster.session("genzoo-cluster-test");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void scoresOnTheClusterAreTheSingleMachineOnesAndEachExecutorRestoresOnce() throws Exception {
        int n = SparkScoringTest.N;
        ShippedModel shipped = ShippedModel.named("autoencoder:mnist");
        int restoresHere = ShippedModel.restoresInThisJvm();
        Dataset<Row> rows = SparkScoringTest.images(spark, n, 6);
        double[] got = SparkScoringTest.byId(SparkScorer.of(shipped, Output.ANOMALY_SCORE).batchSize(100).score(rows),
                "anomaly_score");
        AnomalyScoring local = ModelZoo.load("autoencoder:mnist");
        double[] expected = local.anomalyScore(SparkScoringTest.array(n, false)).castTo(DataType.DOUBLE).toDoubleVector();
        double drift = SparkScoringTest.maxRelative(expected, got);
        assertTrue(drift <= 1e-5, "cluster scores move by " + drift + " relative from one machine's");

        // which JVMs ran tasks, and how often each restored the artifact
        Map<Long, Integer> restores = new HashMap<>();
        MapPartitionsFunction<Long, String> probe = it -> List.of(ProcessHandle.current().pid() + ":"
                + ShippedModel.restoresInThisJvm()).iterator();
        for (String s : spark.range(0, 24, 1, 24).mapPartitions(probe, Encoders.STRING()).collectAsList()) {
            String[] p = s.split(":");
            restores.put(Long.parseLong(p[0]), Integer.parseInt(p[1]));
        }
        assertEquals(2, restores.size(), "two executors, one per worker: " + restores);
        assertFalse(restores.containsKey(ProcessHandle.current().pid()), "tasks ran in the driver: " + restores);
        assertTrue(restores.values().stream().allMatch(r -> r <= 1), "an executor restored the artifact twice: "
                + restores);
        assertTrue(restores.values().stream().anyMatch(r -> r == 1), "no executor restored the artifact: " + restores);
        assertEquals(1, ShippedModel.restoresInThisJvm() - restoresHere, "the driver restores it once, for its checks");
    }

    @Test
    @Order(2)
    void trainsOnTheClusterAsOneMachineDoesWithOnePartAndLearnsWithTwo() throws Exception {
        var options = SparkTrainingTest.options(1);
        GenZooModel single = ModelZoo.create("autoencoder");
        ModelZoo.entry("autoencoder").train(single, SparkTrainingTest.DATA, options);
        GenZooModel spread = ModelZoo.create("autoencoder");
        new SparkTrainer(spark, 1, 1).train(spread, SparkTrainingTest.DATA, options);
        SparkTrainingTest.assertSameNetworks(single, spread, "one part on the cluster");

        GenZooModel two = ModelZoo.create("autoencoder");
        SparkTrainer.Report r = new SparkTrainer(spark, 2, 2).train(two, SparkTrainingTest.DATA,
                SparkTrainingTest.options(2));
        assertEquals(2, r.epochLoss().size());
        assertTrue(r.epochLoss().get(1) < r.epochLoss().get(0), "loss per epoch " + r.epochLoss());
    }

    @Test
    @Order(3) // kills a worker
    void aWorkerKilledMidJobLeavesTheWholeResultOrNone() throws Exception {
        int n = SparkScoringTest.N;
        Path out = cluster.home().resolve("scored");
        // slow input (a quarter second per partition) so that the kill lands while the job runs
        MapPartitionsFunction<Row, Row> slow = it -> {
            Thread.sleep(250);
            return it;
        };
        Dataset<Row> images = SparkScoringTest.images(spark, n, 30);
        Dataset<Row> rows = images.mapPartitions(slow, Encoders.row(images.schema()));
        ShippedModel shipped = ShippedModel.named("autoencoder:mnist");
        CompletableFuture<Void> firstTask = new CompletableFuture<>();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().successful()) {
                    firstTask.complete(null);
                }
            }
        });
        CompletableFuture<Void> job = CompletableFuture.runAsync(() -> SparkScorer.of(shipped, Output.ANOMALY_SCORE)
                .batchSize(5).score(rows).write().parquet(out.toString()));
        firstTask.get(3, TimeUnit.MINUTES);
        assertFalse(job.isDone(), "the job ended before a worker could be killed");
        Process victim = cluster.workers().get(0);
        victim.descendants().forEach(ProcessHandle::destroyForcibly); // its executor
        victim.destroyForcibly();
        Throwable failure = null;
        try {
            job.get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            failure = e.getCause();
        }
        System.out.println("SparkClusterTest: after the kill the job " + (failure == null ? "completed"
                : "failed: " + failure));
        if (failure == null) {
            assertTrue(Files.exists(out.resolve("_SUCCESS")));
            List<Row> written = spark.read().parquet(out.toString()).select("id", "anomaly_score").collectAsList();
            assertEquals(n, written.size(), "every row once");
            assertEquals(n, written.stream().map(r -> r.getLong(0)).distinct().count(), "every row once");
        } else {
            String m = SparkScoringTest.rootMessage(failure);
            assertTrue(m.contains("Job aborted") || m.contains("lost"), "not a clear failure: " + m);
            assertFalse(Files.exists(out.resolve("_SUCCESS")), "a failed job left a result marked complete");
            try (var s = Files.list(out)) {
                assertTrue(s.noneMatch(p -> p.getFileName().toString().startsWith("part-")), "partial result written");
            } catch (java.nio.file.NoSuchFileException none) {
                // nothing written at all
            }
        }
    }
}
