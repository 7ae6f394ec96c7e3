package dev.genzoo.cli;

import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.generative.stylegan.MixingGrid;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo mix MODEL --rows SEEDS --cols SEEDS --from-layer K --out grid.png}: the style-mixing
 * grid of StyleGAN's Figure 3. The top row shows the images of the column seeds (source B), the left
 * column those of the row seeds (source A); every other cell takes A's styles on the synthesis
 * layers below K and B's from K on, all with the same fixed noise.
 */
@Command(name = "mix", mixinStandardHelpOptions = true, description = "Style mixing (style-based GANs): a grid whose"
        + " cells take the coarse styles (layers below --from-layer) of the row's seed and the rest of the column's.")
final class MixCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT (e.g. stylegan:mnist).")
    String model;

    @Option(names = "--rows", required = true, split = ",", paramLabel = "SEEDS",
            description = "Seeds of source A (rows), comma-separated: they give the styles below --from-layer.")
    long[] rows;

    @Option(names = "--cols", required = true, split = ",", paramLabel = "SEEDS",
            description = "Seeds of source B (columns), comma-separated: they give the styles from --from-layer on.")
    long[] cols;

    @Option(names = "--from-layer", defaultValue = "2", paramLabel = "K", description = "First synthesis layer whose"
            + " style comes from B (default: ${DEFAULT-VALUE}, after the coarse 7x7 layers; 4: after 14x14).")
    int fromLayer;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.outputFile(spec, "--out", out);
        if (rows.length > 16 || cols.length > 16) {
            throw Args.bad(spec, "at most 16 --rows and 16 --cols seeds, found " + rows.length + " and " + cols.length);
        }
        if (fromLayer < 0) {
            throw Args.bad(spec, "--from-layer must be >= 0 (a synthesis layer), found " + fromLayer);
        }
        GenZooModel m = ModelRefs.load(spec, model);
        Gan.StyleBased g = ModelRefs.require(spec, m, Gan.StyleBased.class, "is not a style-based GAN; mix needs one"
                + " (stylegan)");
        if (fromLayer < 0 || fromLayer > g.styleLayers()) {
            throw Args.bad(spec, "--from-layer must be in 0.." + g.styleLayers() + " (the synthesis layers of "
                    + g.name() + "), found " + fromLayer);
        }
        List<INDArray> grid = MixingGrid.rows(g, rows, cols, fromLayer);
        Views.png(grid, m.valueRange().min(), out);
        spec.commandLine().getOut().printf("%dx%d style mixes of %s (layers 0..%d from the row seed, %d..%d from the"
                + " column seed) -> %s%n", rows.length, cols.length, m.name(), fromLayer - 1, fromLayer,
                g.styleLayers() - 1, out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
