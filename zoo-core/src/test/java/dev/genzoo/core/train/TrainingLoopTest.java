package dev.genzoo.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.testing.NoisyTinyModel;
import dev.genzoo.core.testing.ResumeChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The training loop on a small denoising autoencoder (corruption from ND4J's generator) over 200
 * bundled MNIST images: 10 steps an epoch, 2 epochs.
 */
class TrainingLoopTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    static TrainingOptions options(Path dir) {
        return TrainingOptions.epochs(2).withBatchSize(20).withLimit(200).withSeed(11).withQuiet(true)
                .withCheckpoints(dir, 4).withLogEvery(5);
    }

    static DataPipeline pipeline(TrainingOptions o) {
        return MNIST.batch(o.batchSize()).shuffle(o.seed()).limit(o.limit());
    }

    static TrainingReport train(NoisyTinyModel m, TrainingOptions o, TrainingStep step) {
        return TrainingLoop.builder().setModel(m).setData(pipeline(o).iterator()).setStep(step).setOptions(o).build()
                .run();
    }

    /** Trains uninterrupted (no checkpoints) and returns the model. */
    static NoisyTinyModel reference(TrainingOptions o) {
        NoisyTinyModel m = NoisyTinyModel.create();
        train(m, o.withCheckpoints(null, 0), m.step());
        return m;
    }

    /** Trains until killed before step {@code killAt + 1}. */
    void trainKilled(TrainingOptions o, int killAt) {
        NoisyTinyModel m = NoisyTinyModel.create();
        assertThrows(ResumeChecks.Killed.class, () -> train(m, o, ResumeChecks.killedAfter(m.step(), killAt)));
    }

    @Test
    void killedAndResumedRunEndsBitIdenticalToAnUninterruptedOne() {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        NoisyTinyModel expected = reference(o);
        trainKilled(o, 13);
        NoisyTinyModel resumed = NoisyTinyModel.create();
        TrainingReport r = train(resumed, o.withResumeFrom(dir), resumed.step());
        assertEquals(12, r.resumedAtStep());
        assertEquals(20, r.steps());
        assertEquals(2, r.epochLoss().size());
        ResumeChecks.assertBitIdentical(expected.networks(), resumed.networks());
    }

    @Test
    void aResumedRunReportsTheTimeOfEverySegment() throws Exception {
        Path dir = tmp.resolve("timed");
        TrainingOptions o = options(dir);
        // the first segment is slow (20 ms a step) and killed after step 13; its checkpoint at step 12
        // records the time spent up to it, which the resumed run adds to its own
        NoisyTinyModel first = NoisyTinyModel.create();
        TrainingStep slow = batch -> {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return first.step().run(batch);
        };
        assertThrows(ResumeChecks.Killed.class, () -> train(first, o, ResumeChecks.killedAfter(slow, 13)));
        Checkpoints.Loaded at12 = Checkpoints.latest(dir).orElseThrow();
        assertEquals(12, at12.state().step());
        double before = at12.state().trainingSeconds();
        assertTrue(before >= 12 * 0.02, "12 steps of 20 ms: " + before + " s");
        NoisyTinyModel resumed = NoisyTinyModel.create();
        long t = System.nanoTime();
        TrainingReport r = train(resumed, o.withResumeFrom(dir), resumed.step());
        double thisSegment = (System.nanoTime() - t) / 1e9;
        assertTrue(r.seconds() >= before && r.seconds() <= before + thisSegment, r.seconds() + " s: " + before
                + " s before the resume, " + thisSegment + " s after");
        // a checkpoint written before the field existed reads as 0 s
        Path state = Checkpoints.latest(dir).orElseThrow().folder().resolve(Checkpoints.STATE_FILE);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(state.toFile());
        assertTrue(json.remove("trainingSeconds") != null, "the checkpoint records it");
        new ObjectMapper().writeValue(state.toFile(), json);
        assertEquals(0.0, Checkpoints.latest(dir).orElseThrow().state().trainingSeconds(), 0.0);
    }

    @Test
    void aCheckpointNamesItsNativeBuildAndAResumeOnAnotherBuildSaysSo() throws Exception {
        Path dir = tmp.resolve("builds");
        TrainingOptions o = options(dir);
        trainKilled(o, 13);
        Checkpoints.Loaded at12 = Checkpoints.latest(dir).orElseThrow();
        assertEquals(dev.genzoo.core.NativeBuild.loaded(), at12.state().nativeBuild());
        // the same build: the resume line carries no warning
        NoisyTinyModel same = NoisyTinyModel.create();
        train(same, o.withResumeFrom(at12.folder()), same.step());
        JsonNode quiet = lastResumeLine(dir);
        assertFalse(quiet.has("warning"), quiet.toString());
        // a checkpoint written by another build (its state file edited as that build would have written it)
        Path state = at12.folder().resolve(Checkpoints.STATE_FILE);
        var json = (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(state.toFile());
        json.put("nativeBuild", "openblas-avx512");
        new ObjectMapper().writeValue(state.toFile(), json);
        NoisyTinyModel other = NoisyTinyModel.create();
        TrainingReport r = train(other, o.withResumeFrom(at12.folder()), other.step());
        assertEquals(12, r.resumedAtStep(), "the run still resumes");
        JsonNode warned = lastResumeLine(dir);
        assertEquals("openblas-avx512", warned.path("native_build_written").asText());
        assertEquals(dev.genzoo.core.NativeBuild.loaded(), warned.path("native_build_now").asText());
        assertTrue(warned.path("warning").asText().contains("not bit-identically"), warned.toString());
        // a checkpoint written before the field existed resumes without a warning
        json.remove("nativeBuild");
        new ObjectMapper().writeValue(state.toFile(), json);
        assertNull(Checkpoints.latest(at12.folder()).orElseThrow().state().nativeBuild());
        NoisyTinyModel old = NoisyTinyModel.create();
        train(old, o.withResumeFrom(at12.folder()), old.step());
        assertFalse(lastResumeLine(dir).has("warning"));
    }

    private static JsonNode lastResumeLine(Path dir) throws IOException {
        JsonNode last = null;
        for (String l : Files.readAllLines(dir.resolve("metrics.jsonl"))) {
            JsonNode n = new ObjectMapper().readTree(l);
            if ("resume".equals(n.path("event").asText())) {
                last = n;
            }
        }
        assertNotNull(last, "a resume line in metrics.jsonl");
        return last;
    }

    @Test
    void withoutReseedingTheGeneratorTheResumeWouldDiffer() {
        // the control: the corruption really draws from ND4J's generator, so reseeding is what makes resume exact
        NoisyTinyModel a = NoisyTinyModel.create();
        NoisyTinyModel b = NoisyTinyModel.create();
        DataSet batch = pipeline(options(null)).iterator().next();
        Nd4j.getRandom().setSeed(1);
        a.graph().fit(batch);
        Nd4j.getRandom().setSeed(2);
        b.graph().fit(batch);
        assertFalse(ResumeChecks.bitIdentical(a.graph().params(), b.graph().params()));
    }

    @Test
    void aHalfWrittenCheckpointIsIgnoredAndThePreviousOneUsed() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        NoisyTinyModel expected = reference(o);
        trainKilled(o, 9);  // checkpoints at steps 4 and 8
        // a write of step 12 interrupted half-way: its temporary folder with a truncated network file
        Path partial = Files.createDirectory(dir.resolve(".ckpt-000000012.tmp-interrupted"));
        byte[] whole = Files.readAllBytes(dir.resolve("ckpt-000000008/graph.zip"));
        Files.write(partial.resolve("graph.zip"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertEquals(8, Checkpoints.latest(dir).orElseThrow().state().step());

        NoisyTinyModel resumed = NoisyTinyModel.create();
        TrainingReport r = train(resumed, o.withResumeFrom(dir), resumed.step());
        assertEquals(8, r.resumedAtStep());
        ResumeChecks.assertBitIdentical(expected.networks(), resumed.networks());
        assertFalse(Files.exists(partial), "the stale temporary folder is removed by the next write");
    }

    @Test
    void aCorruptNewestCheckpointFallsBackToThePreviousOne() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        NoisyTinyModel expected = reference(o);
        trainKilled(o, 9);
        // e.g. a file system without atomic rename, interrupted while moving: the newest network file is cut short
        Path newest = dir.resolve("ckpt-000000008/graph.zip");
        byte[] whole = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(whole, whole.length - 100));
        assertEquals(4, Checkpoints.latest(dir).orElseThrow().state().step());

        NoisyTinyModel resumed = NoisyTinyModel.create();
        TrainingReport r = train(resumed, o.withResumeFrom(dir), resumed.step());
        assertEquals(4, r.resumedAtStep());
        ResumeChecks.assertBitIdentical(expected.networks(), resumed.networks());
    }

    @Test
    void aNanBatchStopsTrainingWithTheDocumentedMessageAndKeepsTheLastGoodCheckpoint() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        NoisyTinyModel m = NoisyTinyModel.create();
        int[] calls = {0};
        TrainingStep poisoned = batch -> {
            if (++calls[0] == 7) {
                batch.getFeatures().assign(Double.NaN);
            }
            return m.step().run(batch);
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(m, o, poisoned));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("noisy-tiny-ae: loss became NaN at step 7 (epoch 1, batch 7 of 10); last finite"
                + " loss "), msg);
        assertTrue(msg.contains(" at step 6. Training stopped;"), msg);
        assertTrue(msg.contains("Last good checkpoint: " + dir.resolve("ckpt-000000004") + " (step 4); resume from"
                + " it with a lower learning rate"), msg);
        assertEquals(7, e.step());
        assertTrue(Double.isFinite(e.lastFiniteLoss()));

        assertEquals(List.of(dir.resolve("ckpt-000000004")), Checkpoints.list(dir));
        Checkpoints.Loaded good = Checkpoints.latest(dir).orElseThrow();
        assertEquals(4, good.state().step());
        ResumeChecks.assertFinite(good.networks());
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertEquals("diverged", last.get("event").asText());
        assertEquals(7, last.get("step").asInt());
    }

    @Test
    void nonFiniteParametersBehindAFiniteLossAreNeverCheckpointed() throws Exception {
        // an update can overflow the parameters while the step's loss (computed before it) is still finite
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir).withCheckpoints(dir, 1);
        NoisyTinyModel m = NoisyTinyModel.create();
        int[] calls = {0};
        TrainingStep overflowing = batch -> {
            StepResult r = m.step().run(batch);
            if (++calls[0] == 6) {
                m.graph().params().putScalar(3, Double.POSITIVE_INFINITY);
            }
            return r;
        };
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> train(m, o, overflowing));
        assertTrue(e.getMessage().startsWith("noisy-tiny-ae: parameters of 'graph' became NaN or infinite at step 6"
                + " (epoch 1, batch 6 of 10)"), e.getMessage());
        assertTrue(e.getMessage().contains(" at step 6. Training stopped;"), e.getMessage());
        assertTrue(e.getMessage().contains("(step 5)"), e.getMessage());
        Checkpoints.Loaded last = Checkpoints.latest(dir).orElseThrow();
        assertEquals(5, last.state().step());
        ResumeChecks.assertFinite(last.networks());
    }

    @Test
    void metricsLogHasALinePerIntervalAndPerEpochAndCheckpointsRotate() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir).withKeepCheckpoints(2);
        NoisyTinyModel m = NoisyTinyModel.create();
        TrainingReport r = train(m, o, m.step());
        List<JsonNode> lines = Files.readAllLines(dir.resolve("metrics.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (Exception x) {
                throw new AssertionError(l, x);
            }
        }).toList();
        assertEquals(4, lines.stream().filter(l -> l.get("event").asText().equals("step")).count());
        List<JsonNode> epochs = lines.stream().filter(l -> l.get("event").asText().equals("epoch")).toList();
        assertEquals(2, epochs.size());
        assertEquals(r.epochLoss().get(1), epochs.get(1).get("loss").asDouble());
        // checkpoints at 4, 8, 10 (epoch end), 12, 16, 20 (epoch end); the newest two are kept
        assertEquals(List.of(dir.resolve("ckpt-000000016"), dir.resolve("ckpt-000000020")), Checkpoints.list(dir));
        assertEquals(6, lines.stream().filter(l -> l.get("event").asText().equals("checkpoint")).count());
        assertEquals(11L, r.seed());
        assertTrue(r.seedStatement().contains("seed 11"));
        double ms = lines.stream().filter(l -> l.get("event").asText().equals("checkpoint"))
                .mapToDouble(l -> l.get("write_ms").asDouble()).average().orElseThrow();
        System.out.printf(Locale.ROOT, "checkpoint of %d parameters (+ Adam state): mean write %.1f ms%n",
                m.graph().numParams(), ms);
    }

    @Test
    void reseedingMakesDrawsRepeatableAndIsCheap() {
        Nd4j.getRandom().setSeed(TrainingLoop.stepSeed(5, 3));
        INDArray a = Nd4j.rand(DataType.FLOAT, 20, 784);
        Nd4j.getRandom().setSeed(TrainingLoop.stepSeed(5, 3));
        INDArray b = Nd4j.rand(DataType.FLOAT, 20, 784);
        assertTrue(ResumeChecks.bitIdentical(a, b));
        int n = 20_000;
        for (int i = 0; i < 2_000; i++) {
            Nd4j.getRandom().setSeed(TrainingLoop.stepSeed(5, i));
        }
        long t = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Nd4j.getRandom().setSeed(TrainingLoop.stepSeed(5, i));
        }
        double us = (System.nanoTime() - t) / 1e3 / n;
        System.out.printf(Locale.ROOT, "Nd4j.getRandom().setSeed: %.2f us per call%n", us);
        assertTrue(us < 1000, "reseeding costs " + us + " us");
    }

    /**
     * A checkpoint whose configuration JSON is written differently (here: a field a later version
     * added, which this one ignores, as it ignores it on cards) but reads as the same configuration
     * resumes; one whose configuration differs in value does not.
     */
    @Test
    void resumeComparesConfigurationsAsConfigurations() throws Exception {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        NoisyTinyModel expected = reference(o);
        trainKilled(o, 13);
        Path ckpt;
        try (var s = java.nio.file.Files.list(dir)) {
            ckpt = s.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().reduce((a, b) -> b)
                    .orElseThrow();
        }
        Path state = ckpt.resolve("checkpoint.json");
        var tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(state.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("config")).put("fieldOfALaterVersion", 0);
        java.nio.file.Files.writeString(state, JSON.writeValueAsString(tree));
        NoisyTinyModel resumed = NoisyTinyModel.create();
        TrainingReport r = train(resumed, o.withResumeFrom(dir), resumed.step());
        assertEquals(12, r.resumedAtStep());
        ResumeChecks.assertBitIdentical(expected.networks(), resumed.networks());

        // the resumed run checkpointed on: change the newest checkpoint's configuration in value
        try (var s = java.nio.file.Files.list(dir)) {
            state = s.filter(p -> p.getFileName().toString().startsWith("ckpt-")).sorted().reduce((a, b) -> b)
                    .orElseThrow().resolve("checkpoint.json");
        }
        tree = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(state.toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("config")).put("hidden", 3);
        java.nio.file.Files.writeString(state, JSON.writeValueAsString(tree));
        NoisyTinyModel other = NoisyTinyModel.create();
        var e = assertThrows(IllegalArgumentException.class, () -> train(other, o.withResumeFrom(dir), other.step()));
        assertTrue(e.getMessage().contains("config") && e.getMessage().contains("\"hidden\":3"), e.getMessage());
    }

    @Test
    void resumeRefusesADifferentSeed() {
        Path dir = tmp.resolve("run");
        TrainingOptions o = options(dir);
        trainKilled(o, 5);
        NoisyTinyModel m = NoisyTinyModel.create();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> train(m, o.withSeed(12).withResumeFrom(dir), m.step()));
        assertTrue(e.getMessage().contains("seed 11 but this run has 12"), e.getMessage());
    }
}
