package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.model.Translator;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.viz.ImageGrid;
import dev.genzoo.core.viz.LabeledGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Pictures of a {@link Translator}: for each direction shown, a row of inputs, a row of their
 * translations and a row of the cycle reconstructions (translated back), labelled.
 */
public final class TranslationGrid {
    private TranslationGrid() {
    }

    /** The first {@code n} images of the source domain of {@code direction} among the bundled test images, [n, 1, 28, 28] in [-1, 1]. */
    public static INDArray bundledExamples(CycleGan model, Direction direction, int n) {
        return examples(model.domains(), Datasets.bundled(model.domains().dataset()), direction, n);
    }

    /** The first {@code n} images of the source domain of {@code direction} in {@code data}, [n, 1, 28, 28] in [-1, 1]. */
    public static INDArray examples(DomainPair pair, ImageDataset data, Direction direction, int n) {
        DomainPair.Domains d = pair.domains(data);
        ImageDataset source = direction == Direction.A2B ? d.a() : d.b();
        if (n < 1 || n > source.size()) {
            throw new IllegalArgumentException("need 1.." + source.size() + " images of domain "
                    + (direction == Direction.A2B ? "A" : "B") + " of " + pair + ", asked for " + n);
        }
        return source.batch(n).limit(n).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).target(Target.LABELS).iterator()
                .next().getFeatures();
    }

    /** Three labelled rows (input, translation, cycle) for {@code a} going A→B, and three for {@code b} going B→A; either may be null. */
    public static BufferedImage render(Translator model, INDArray a, INDArray b) {
        List<INDArray> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        add(model, a, Direction.A2B, rows, labels);
        add(model, b, Direction.B2A, rows, labels);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to show: give images of domain A, of domain B, or both");
        }
        return LabeledGrid.render(rows, labels, (int) rows.get(0).size(2), -1, 1, 3);
    }

    private static void add(Translator model, INDArray x, Direction direction, List<INDArray> rows, List<String> labels) {
        if (x == null) {
            return;
        }
        String from = direction == Direction.A2B ? model.domainA() : model.domainB();
        String to = direction == Direction.A2B ? model.domainB() : model.domainA();
        INDArray t = model.translate(x, direction);
        rows.add(x);
        labels.add(from);
        rows.add(t);
        labels.add("-> " + to);
        rows.add(model.translate(t, direction.reverse()));
        labels.add("-> back");
    }

    /** Writes {@code img} as a PNG. */
    public static void write(BufferedImage img, Path file) throws IOException {
        ImageGrid.writePng(img, file);
    }
}
