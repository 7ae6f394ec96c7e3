package dev.genzoo.generative.rbm;

import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingStep;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How the RBM trains: dynamically binarized images (a fresh Bernoulli draw per pixel each time an
 * image is served), shuffled every epoch, one CD-k or PCD update per batch. A fresh model's visible
 * biases are first set to log(p / (1 - p)) of the pixel means p (Hinton's guide, section 8.1). The
 * loss is the squared error of the mean-field reconstruction summed over pixels, mean per image.
 *
 * <p>Through {@code TrainingLoop} like every family: the Gibbs chains' generator is reseeded every
 * step from ND4J's (which the loop reseeds from (seed, step)), and the momentum velocities and
 * persistent chains travel in the checkpoint, so a killed and resumed run ends bit-identical.
 */
public final class RbmTraining implements TrainingRecipe<RestrictedBoltzmannMachine> {
    /** The recipe (it keeps no state; its steps keep theirs in the checkpoint). */
    public static final RbmTraining INSTANCE = new RbmTraining();

    private RbmTraining() {
    }

    @Override
    public DataPipeline pipeline(RestrictedBoltzmannMachine model, ImageDataset data, TrainingOptions options) {
        if (data.pixelCount() != model.visibleSize()) {
            throw new IllegalArgumentException(model.name() + ": images of " + data.name() + " have "
                    + data.pixelCount() + " pixels but the model has " + model.visibleSize() + " visible units");
        }
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed()).seed(options.seed())
                .binarize(Binarization.DYNAMIC).layout(Layout.FLAT);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    /** Visible biases from the pixel means of the training images, for a model whose biases are all zero. */
    @Override
    public void prepare(RestrictedBoltzmannMachine model, ImageDataset data, DataPipeline pipeline) {
        INDArray b = model.parameterViews().b();
        if (b.amaxNumber().doubleValue() == 0) {
            model.initVisibleBias(RestrictedBoltzmannMachine.pixelMeans(data, pipeline.size()));
        }
    }

    @Override
    public TrainingStep step(RestrictedBoltzmannMachine model, TrainingOptions options) {
        ContrastiveDivergence cd = model.newTrainer(options.seed());
        return new TrainingStep() {
            @Override
            public StepResult run(DataSet batch) {
                INDArray x = model.toNetwork(model.checkVisible(batch.getFeatures()));
                cd.reseed(Nd4j.getRandom().nextLong());
                return StepResult.of(cd.step(x) / x.size(0));
            }

            @Override
            public Map<String, String> checkpointState() {
                return cd.state();
            }

            @Override
            public void restoreCheckpointState(Map<String, String> state) {
                cd.restore(state, options.batchSize());
            }
        };
    }
}
