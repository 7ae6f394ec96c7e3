package dev.genzoo.cli;

import dev.genzoo.core.model.Translator;
import dev.genzoo.core.viz.ImageGrid;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.Generative;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Reconstructing;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One picture per bundled pretrained variant (classifiers aside), so that every pretrained model
 * can be looked at: autoencoders show 8 bundled test images of their data set (top row) and the
 * reconstructions (bottom row); unconditional VAEs, GANs and RBMs 32 samples (seed 42; RBMs after
 * 1,000 Gibbs steps); conditional models one row of 8 samples per class, row r asking for class r.
 */
final class Gallery {
    private static final long SEED = 42;

    private Gallery() {
    }

    /** Writes {@code dir/<name>-<variant>.png} for every bundled variant; returns the file names with what they show. */
    static List<String> write(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<String> written = new ArrayList<>();
        for (ZooEntry<?, ?> e : ModelZoo.list()) {
            if (e.family() == Family.CLASSIFIER) {
                continue;
            }
            for (String variant : e.variants().keySet()) {
                GenZooModel m = ModelZoo.load(e.name(), variant);
                String file = e.name() + "-" + variant + ".png";
                String what = picture(m, variant, dir.resolve(file));
                written.add(file + " (" + what + ")");
            }
        }
        return written;
    }

    private static String picture(GenZooModel m, String variant, Path file) throws IOException {
        double lo = m.valueRange().min();
        if (m instanceof ClassConditional c) {
            Views.png(Views.rows(c.sample(classRows(c.numClasses()), SEED), 8), lo, file);
            return "row r: samples of class r";
        }
        if (m instanceof Generative g) {
            Views.png(Views.rows(g.sample(32, SEED), 8), lo, file);
            return "32 samples";
        }
        if (m instanceof Translator t) {
            ImageDataset data = Datasets.bundled(DatasetId.of(t.dataset()));
            var img = dev.genzoo.generative.cyclegan.TranslationGrid.render(t,
                    t.sourceImages(data, Translator.Direction.A2B, 8), t.sourceImages(data, Translator.Direction.B2A, 8));
            ImageGrid.writePng(img, file);
            return "8 bundled test images of each domain, translated and translated back";
        }
        if (m instanceof Reconstructing r) {
            ImageDataset data = Datasets.bundled(DatasetId.of(variant));
            INDArray x = Views.batch(m, data, 8, Noise.none(), 0).getFeatures();
            Views.png(List.of(flat(x), flat(r.reconstruct(x))), lo, file);
            return "8 bundled test images and their reconstructions";
        }
        throw new IllegalStateException("no picture for " + m.name() + " (" + m.family() + "): it neither generates"
                + " nor reconstructs");
    }

    /** One-hot labels, 8 per class: row r of the grid asks for class r. */
    static INDArray classRows(int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8L * classes, classes);
        for (int i = 0; i < 8 * classes; i++) {
            y.putScalar(i, i / 8, 1);
        }
        return y;
    }

    private static INDArray flat(INDArray x) {
        return x.reshape(x.size(0), x.length() / x.size(0));
    }
}
