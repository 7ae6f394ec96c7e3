package dev.genzoo.generative.stylegan;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.train.ConsoleProgress;
import dev.genzoo.core.train.EpochPictures;
import dev.genzoo.core.train.ProgressListener;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;
import dev.genzoo.generative.gan.GanTraining;
import dev.genzoo.core.viz.ImageGrid;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How a StyleGAN trains: images scaled to [-1, 1], reshuffled every epoch, last partial batch
 * dropped; every batch is one {@link StyleGanTrainer iteration} (a discriminator and a generator
 * step). Its randomness (latents, mixing, noise) comes from ND4J's generator, which the loop reseeds
 * per step, so a resumed run repeats the same steps. The epoch loss is the mean discriminator loss.
 * With a checkpoint folder, {@code samples/epoch-NNN.png} shows the moving-average generator's images
 * for the same 64 seeds every epoch.
 */
public final class StyleGanTraining implements TrainingRecipe<StyleGan> {
    /** The recipe (it keeps no state; the step keeps its counter in the checkpoint). */
    public static final StyleGanTraining INSTANCE = new StyleGanTraining();

    private StyleGanTraining() {
    }

    @Override
    public DataPipeline pipeline(StyleGan model, ImageDataset data, TrainingOptions options) {
        int group = model.styleConfig().minibatchStdGroup();
        if (options.batchSize() % group != 0) {
            throw new IllegalArgumentException(model.name() + ": the batch size (" + options.batchSize() + ") must be"
                    + " a multiple of minibatchStdGroup (" + group + "), e.g. " + Math.max(group,
                            options.batchSize() / group * group));
        }
        return GanTraining.adversarialPipeline(model.name(), data, options, Layout.IMAGE);
    }

    @Override
    public TrainingStep step(StyleGan model, TrainingOptions options) {
        StyleGanTrainer t = model.trainer().engineOptions(options.engine());
        return new TrainingStep() {
            private double lastR1 = Double.NaN;
            private double lastGradNorm = Double.NaN;

            @Override
            public StepResult run(DataSet batch) {
                StyleGanTrainer.Losses l = t.step(batch.getFeatures(), new Random(Nd4j.getRandom().nextLong()));
                if (Double.isFinite(l.r1())) {
                    lastR1 = l.r1();
                    lastGradNorm = l.gradNorm();
                }
                Map<String, Double> m = new LinkedHashMap<>();
                m.put("d_loss", l.discriminator());
                m.put("g_loss", l.generator());
                m.put("d_real", l.dReal());
                m.put("d_fake", l.dFake());
                m.put("mixing_crossover", (double) l.crossover());
                if (Double.isFinite(lastR1)) {
                    m.put("r1", lastR1);
                    m.put("d_grad_norm_real", lastGradNorm);
                }
                return new StepResult(m);
            }

            @Override
            public Map<String, String> checkpointState() {
                return Map.of("discriminatorSteps", Long.toString(t.steps()), "lastR1", Double.toString(lastR1),
                        "lastGradNorm", Double.toString(lastGradNorm));
            }

            @Override
            public void restoreCheckpointState(Map<String, String> state) {
                String steps = state.get("discriminatorSteps");
                if (steps == null) {
                    throw new IllegalArgumentException("checkpoint state 'discriminatorSteps' is missing");
                }
                long s = Long.parseLong(steps);
                if (s < 0) {
                    throw new IllegalArgumentException("checkpoint state 'discriminatorSteps' must be >= 0, found " + s);
                }
                t.steps(s);
                lastR1 = Double.parseDouble(state.getOrDefault("lastR1", "NaN"));
                lastGradNorm = Double.parseDouble(state.getOrDefault("lastGradNorm", "NaN"));
            }
        };
    }

    @Override
    public ProgressListener progress(StyleGan model, TrainingOptions options) {
        ProgressListener console = options.quiet() ? ProgressListener.NONE : ConsoleProgress.onStandardError();
        if (options.checkpointDir() == null) {
            return console;
        }
        INDArray z = model.noise(64, options.seed() ^ 0x5EEDL);
        // the moving-average generator on the same 64 latents every epoch
        return new EpochPictures(console, options.checkpointDir().resolve("samples"), (p, file) -> {
            INDArray images = model.generate(z);
            List<INDArray> rows = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                rows.add(images.get(NDArrayIndex.interval(r * 8, r * 8 + 8)));
            }
            ImageGrid.writePng(ImageGrid.render(rows, 28, -1, 1, 2), file);
        });
    }
}
