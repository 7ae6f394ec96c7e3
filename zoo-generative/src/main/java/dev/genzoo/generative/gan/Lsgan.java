package dev.genzoo.generative.gan;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.registry.ZooEntry;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;

/**
 * LSGAN — Mao, Li, Xie, Lau, Wang &amp; Smolley, "Least Squares Generative Adversarial Networks", ICCV
 * 2017 (https://arxiv.org/abs/1611.04076): the dense GAN of {@code gan-mlp} with a linear-output
 * discriminator trained to squared error (1 for real, 0 for generated examples) and a generator that
 * pulls D(G(z)) to 1 ({@link GanLoss#LEAST_SQUARES}). Its configuration is {@code gan-mlp}'s, with the
 * loss fixed to least squares.
 */
public final class Lsgan extends AbstractGan {
    /** Registry name. */
    public static final String NAME = "lsgan";

    private Lsgan(MlpGan.Config c, Map<String, Model> restored) {
        super(NAME, checked(c), InputShape.flat(c.dataSize()), c.latentSize(), 0, c.architecture(),
                c.trainingSettings(), restored);
    }

    private static MlpGan.Config checked(MlpGan.Config c) {
        if (c.loss() != GanLoss.LEAST_SQUARES) {
            throw new IllegalArgumentException(NAME + ": loss must be LEAST_SQUARES, found " + c.loss()
                    + " (for another loss use gan-mlp)");
        }
        return c;
    }

    /** The defaults: {@code gan-mlp}'s sizes and Adam 2e-4 (0.5), one D step, no label smoothing. */
    public static MlpGan.Config defaults() {
        return new MlpGan.Config(784, 64, List.of(256, 512), List.of(512, 256), GanLoss.LEAST_SQUARES, 1, 1.0, 2e-4,
                2e-4, 42);
    }

    /** A new, untrained model. */
    public static Lsgan create(MlpGan.Config c) {
        return new Lsgan(c, null);
    }

    /** The registry entry. */
    public static ZooEntry<MlpGan.Config, Lsgan> entry() {
        return ZooEntry.<MlpGan.Config, Lsgan>builder().setName(NAME).setFamily(Family.GAN)
                .setConfig(MlpGan.Config.class, defaults())
                .setFactory(Lsgan::create)
                .setRestorer(Lsgan::new)
                .optDescription("Least-squares GAN: dense generator and linear-output discriminator on flat 784 inputs"
                        + " in [-1, 1]")
                .optTags("mlp", "gan", "least-squares", "mnist")
                .optReference("https://arxiv.org/abs/1611.04076")
                .optTraining(GanTraining.INSTANCE).optEvaluation(GanEvaluation.INSTANCE)
                .optHeadlineMetrics("fid", "classifier_score", "precision", "recall", "class_coverage")
                .build();
    }
}
