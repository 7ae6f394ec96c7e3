package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Shuffle;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.train.ConsoleProgress;
import dev.genzoo.core.train.EpochPictures;
import dev.genzoo.core.train.ProgressListener;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.train.TrainingStep;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a CycleGAN trains: the split is cut into its two {@link DomainPair domains}; an epoch walks
 * domain A's images in a shuffled order (last partial batch dropped) and pairs every batch with as
 * many images of domain B, drawn without replacement from a per-epoch shuffle of B that depends only
 * on the seed and the batch's position, so the pairing is random (the data are unpaired) and a
 * resumed run sees the same batches. Images in [-1, 1]. The epoch loss is the mean generator loss.
 * With a checkpoint folder, {@code samples/epoch-NNN.png} shows the same eight images of each domain,
 * translated and cycled back, every epoch.
 */
public final class CycleGanTraining implements TrainingRecipe<CycleGan> {
    /** The recipe (it keeps no state; the trainer keeps the image pools, which travel in the checkpoint). */
    public static final CycleGanTraining INSTANCE = new CycleGanTraining();
    private static final Logger LOG = LoggerFactory.getLogger(CycleGanTraining.class);

    private CycleGanTraining() {
    }

    /** Domain A's batches (B's images are attached to each by {@link #train}). */
    @Override
    public DataPipeline pipeline(CycleGan model, ImageDataset data, TrainingOptions options) {
        return pipeline(model, model.domains().domains(data), options);
    }

    private DataPipeline pipeline(CycleGan model, DomainPair.Domains d, TrainingOptions options) {
        DataPipeline pipeline = d.a().batch(options.batchSize()).shuffle(options.seed()).scale(Scale.SYMMETRIC)
                .layout(Layout.IMAGE).target(Target.LABELS).dropLast(true);
        if (options.limit() > 0) {
            pipeline = pipeline.limit(options.limit());
        }
        int smaller = Math.min(pipeline.size(), d.b().size());
        if (smaller < options.batchSize()) {
            throw new IllegalArgumentException(model.name() + ": the domains of " + model.domains() + " hold "
                    + pipeline.size() + " and " + d.b().size() + " images, which make no full batch of "
                    + options.batchSize() + "; lower the batch size");
        }
        return pipeline;
    }

    @Override
    public TrainingReport train(CycleGan model, ImageDataset data, TrainingOptions options) {
        return TrainingLoop.builder().setModel(model).setData(iterator(model, data, options))
                .setStep(step(model, options)).setOptions(options).optProgress(progress(model, options)).build().run();
    }

    /** The training batches: domain A's images as features, as many of domain B's as labels. */
    ImageDataSetIterator iterator(CycleGan model, ImageDataset data, TrainingOptions options) {
        DomainPair.Domains d = model.domains().domains(data);
        DataPipeline pipeline = pipeline(model, d, options);
        ImageDataSetIterator it = pipeline.iterator();
        it.setPreProcessor(new DomainB(d.b(), it, options.seed()));
        LOG.info("{}: {} images of '{}' (A) and {} of '{}' (B) from {}", model.name(), pipeline.size(),
                model.domainA(), d.b().size(), model.domainB(), data.name());
        return it;
    }

    @Override
    public TrainingStep step(CycleGan model, TrainingOptions options) {
        CycleGanTrainer t = model.trainer().engineOptions(options.engine());
        return new TrainingStep() {
            @Override
            public StepResult run(DataSet batch) {
                INDArray b = batch.getLabels();
                if (b == null || b.rank() != 4) {
                    throw new IllegalArgumentException(model.name() + ": a training batch needs domain B's images as"
                            + " its labels [n, 1, 28, 28] (train through CycleGanTraining.train), found "
                            + (b == null ? "none" : java.util.Arrays.toString(b.shape())));
                }
                CycleGanTrainer.Losses l = t.step(batch.getFeatures(), b);
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("g_loss", l.generator());
                m.put("adv_a2b", l.adversarialA2B());
                m.put("adv_b2a", l.adversarialB2A());
                m.put("cycle_a", l.cycleA());
                m.put("cycle_b", l.cycleB());
                m.put("identity_a", l.identityA());
                m.put("identity_b", l.identityB());
                m.put("d_a_loss", l.discriminatorA());
                m.put("d_b_loss", l.discriminatorB());
                m.put("d_a_real", l.dAReal());
                m.put("d_a_fake", l.dAFake());
                m.put("d_b_real", l.dBReal());
                m.put("d_b_fake", l.dBFake());
                return new StepResult(m);
            }

            @Override
            public Map<String, String> checkpointState() {
                return t.poolState();
            }

            @Override
            public void restoreCheckpointState(Map<String, String> state) {
                t.restorePools(state);
            }
        };
    }

    @Override
    public ProgressListener progress(CycleGan model, TrainingOptions options) {
        ProgressListener console = options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
        // the same eight images of each domain, translated and cycled, every epoch
        return options.checkpointDir() == null ? console
                : new EpochPictures(console, options.checkpointDir().resolve("samples"), (p, file) -> {
                    var a = TranslationGrid.bundledExamples(model, Direction.A2B, 8);
                    var b = TranslationGrid.bundledExamples(model, Direction.B2A, 8);
                    TranslationGrid.write(TranslationGrid.render(model, a, b), file);
                });
    }

    /**
     * Attaches domain B's images to each batch of A as its labels: batch i of epoch e takes positions
     * [i·n, (i+1)·n) (mod |B|) of a shuffle of B seeded by (seed, e).
     */
    private static final class DomainB implements DataSetPreProcessor {
        private static final long serialVersionUID = 1L;
        /** B's images as the data set holds them (bytes): a float copy of MNIST's 60,000 was 188 MB of heap. */
        private final transient ImageDataset images;
        private final int count;
        private final ImageDataSetIterator position;
        private final long seed;
        private final Map<Integer, int[]> orders = new HashMap<>();

        DomainB(ImageDataset b, ImageDataSetIterator position, long seed) {
            this.count = b.size();
            this.images = b;
            this.position = position;
            this.seed = seed;
        }

        @Override
        public void preProcess(DataSet ds) {
            int n = (int) ds.getFeatures().size(0);
            int epoch = position.epoch();
            int batch = position.batchIndex() - 1; // the iterator has moved past the batch it built
            int[] order = orders.computeIfAbsent(epoch, this::order);
            if (orders.size() > 2) {
                orders.keySet().removeIf(e -> e < epoch);
            }
            float[] out = new float[n * 784];
            for (int k = 0; k < n; k++) {
                int img = order[(int) (((long) batch * n + k) % count)];
                for (int p = 0; p < 784; p++) {
                    out[k * 784 + p] = images.pixel(img, p) / 127.5f - 1f;
                }
            }
            ds.setLabels(Nd4j.create(out, new long[] {n, 1, 28, 28}, 'c'));
        }

        private int[] order(int epoch) {
            return Shuffle.permutation(count, seed * 0x9E3779B97F4A7C15L + 31L * epoch + 0xB);
        }
    }
}
