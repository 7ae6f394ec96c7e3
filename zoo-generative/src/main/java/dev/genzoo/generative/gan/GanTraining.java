package dev.genzoo.generative.gan;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.train.ConsoleProgress;
import dev.genzoo.core.train.EpochPictures;
import dev.genzoo.core.train.ProgressListener;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;
import dev.genzoo.core.viz.ImageGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How the zoo's GANs train: the minimax loop on images scaled to [-1, 1], reshuffled every epoch,
 * last partial batch dropped. Every batch is one discriminator step; every k-th (or the burst size,
 * when the critic schedule says so) also runs a generator step, so an epoch holds
 * floor(batches / k) minimax iterations. The epoch loss is the mean discriminator loss. With a
 * checkpoint folder, {@code samples/epoch-NNN.png} shows the same 64 noise vectors every epoch.
 */
public final class GanTraining implements TrainingRecipe<AbstractGan> {
    /** The recipe (it keeps no state; the step keeps its counters in the checkpoint). */
    public static final GanTraining INSTANCE = new GanTraining();

    private GanTraining() {
    }

    @Override
    public DataPipeline pipeline(AbstractGan model, ImageDataset data, TrainingOptions options) {
        return adversarialPipeline(model.name(), data, options, model.imageLayout() ? Layout.IMAGE : Layout.FLAT);
    }

    /**
     * A GAN's batches: images scaled to [-1, 1] in {@code layout}, labels as targets, shuffled with
     * the options' seed every epoch, the last partial batch dropped; an error names {@code model} when
     * the (limited) data make no full batch.
     */
    public static DataPipeline adversarialPipeline(String model, ImageDataset data, TrainingOptions options,
            Layout layout) {
        DataPipeline pipeline = data.batch(options.batchSize()).shuffle(options.seed()).scale(Scale.SYMMETRIC)
                .layout(layout).target(Target.LABELS).dropLast(true);
        if (options.limit() > 0) {
            pipeline = pipeline.limit(options.limit());
        }
        if (pipeline.size() < options.batchSize()) {
            throw new IllegalArgumentException(model + ": " + pipeline.size() + " images make no full batch of "
                    + options.batchSize() + "; lower the batch size");
        }
        return pipeline;
    }

    @Override
    public ProgressListener progress(AbstractGan model, TrainingOptions options) {
        ProgressListener console = options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
        if (options.checkpointDir() == null) {
            return console;
        }
        // 8x8 images from the same 64 noise vectors (and, for a conditional GAN, classes 0..9 by row)
        // every epoch, so the grids show how one set of samples evolves
        INDArray z = model.noise(64, options.seed() ^ 0x5EEDL);
        long size = model.inputShape().size();
        int height = model.imageLayout() ? (int) model.inputShape().height() : (int) Math.round(Math.sqrt(size));
        if ((long) height * height != size && !model.imageLayout()) {
            return console; // not an image (a toy 2-D distribution, say)
        }
        return new EpochPictures(console, options.checkpointDir().resolve("samples"), (p, file) -> {
            INDArray images = model.classCount() > 0 ? model.generateConditional(z) : model.generate(z);
            List<INDArray> rows = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                rows.add(images.get(NDArrayIndex.interval(r * 8, r * 8 + 8)));
            }
            ImageGrid.writePng(ImageGrid.render(rows, height, -1, 1, 2), file);
        });
    }

    /**
     * One batch of the minimax loop: a discriminator step on it, and after every k-th (or the
     * burst size, when the settings' critic schedule says so) a generator step on as many fresh
     * noise vectors. G's noise generator is reseeded from ND4J's (which the
     * loop reseeds per step); the trainer's counters travel in the checkpoint.
     */
    @Override
    public TrainingStep step(AbstractGan model, TrainingOptions options) {
        GanTrainer t = model.trainer().engineOptions(options.engine());
        GanTrainer.Settings settings = model.trainingSettings();
        int numClasses = model.classCount();
        return new TrainingStep() {
            private long dSteps;
            private long sinceGenerator;
            private double lastG = Double.NaN;

            private double lastGradNorm = Double.NaN;

            @Override
            public StepResult run(DataSet batch) {
                t.reseed(Nd4j.getRandom().nextLong());
                INDArray labels = numClasses > 0 ? batch.getLabels() : null;
                GanTrainer.DStep d = t.discriminatorStepStats(batch.getFeatures(), labels);
                dSteps++;
                sinceGenerator++;
                if (sinceGenerator >= settings.discriminatorStepsAt(t.iteration())) {
                    sinceGenerator = 0;
                    GanTrainer.GStep g = t.generatorStepStats(batch.getFeatures().size(0), labels);
                    lastG = g.loss();
                    lastGradNorm = g.gradNorm();
                    t.iteration(t.iteration() + 1);
                }
                // per-step diagnostics for the metrics log: losses, D's mean outputs, G's gradient
                // norm, and the sample-spread ratio (the mode-collapse signal)
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("d_loss", d.loss());
                if (!Double.isNaN(lastG)) {
                    m.put("g_loss", lastG);
                }
                if (!Double.isNaN(lastGradNorm)) {
                    m.put("g_grad_norm", lastGradNorm);
                }
                m.put("d_real", d.dReal());
                m.put("d_fake", d.dFake());
                if (Double.isFinite(d.spread())) {
                    m.put("sample_spread", d.spread());
                }
                if (Double.isFinite(d.penalty())) {
                    m.put("gradient_penalty", d.penalty());
                    m.put("critic_grad_norm", d.criticGradNorm());
                }
                return new StepResult(m);
            }

            @Override
            public Map<String, String> checkpointState() {
                return Map.of("discriminatorSteps", Long.toString(dSteps), "sinceGeneratorStep",
                        Long.toString(sinceGenerator), "iteration", Long.toString(t.iteration()),
                        "lastGeneratorLoss", Double.toString(lastG), "lastGeneratorGradNorm",
                        Double.toString(lastGradNorm));
            }

            @Override
            public void restoreCheckpointState(Map<String, String> state) {
                dSteps = Long.parseLong(state.getOrDefault("discriminatorSteps", "0"));
                // checkpoints written before the critic schedule existed had a constant k
                sinceGenerator = Long.parseLong(state.getOrDefault("sinceGeneratorStep",
                        Long.toString(dSteps % settings.discriminatorSteps())));
                t.iteration(Long.parseLong(state.getOrDefault("iteration", "0")));
                lastG = Double.parseDouble(state.getOrDefault("lastGeneratorLoss", "NaN"));
                lastGradNorm = Double.parseDouble(state.getOrDefault("lastGeneratorGradNorm", "NaN"));
            }
        };
    }
}
