package dev.genzoo.cli;

import dev.genzoo.core.data.Noise;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.GenZooModel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genzoo interpolate MODEL --from I --to J}: decode a path between two test images' codes. */
@Command(name = "interpolate", mixinStandardHelpOptions = true, description = "Decode evenly spaced points between"
        + " the codes of two test images (autoencoder or VAE) into a PNG strip.")
final class InterpolateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--from", defaultValue = "0", description = "Index of the first test image (default: ${DEFAULT-VALUE}).")
    int from;

    @Option(names = "--to", defaultValue = "1", description = "Index of the second test image (default: ${DEFAULT-VALUE}).")
    int to;

    @Option(names = "--steps", defaultValue = "10", description = "Points on the path, endpoints included.")
    int steps;

    @Option(names = "--spherical", description = "Spherical interpolation (VAE only).")
    boolean spherical;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "--steps", steps, 2);
        Args.atLeast(spec, "--from", from, 0);
        Args.atLeast(spec, "--to", to, 0);
        Args.outputFile(spec, "--out", out);
        GenZooModel m = ModelRefs.load(spec, model);
        data.defaultFrom(model).validate(spec).requirePictures(spec, "interpolate");
        var d = data.splitFor(spec, m, Split.TEST);
        INDArray all = Views.batch(m, d, Math.max(from, to) + 1, Noise.none(), 0).getFeatures();
        if (Math.max(from, to) >= all.size(0) || Math.min(from, to) < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from/--to must be in 0.." + (all.size(0) - 1)
                    + ", found " + from + " and " + to);
        }
        // one example each, in the model's layout ([1, 784] or [1, 1, 28, 28])
        INDArray a = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, from + 1));
        INDArray b = all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(to, to + 1));
        INDArray path = ModelRefs.require(spec, m, Encoding.class, "has no code space to interpolate in; use an"
                + " autoencoder or an unconditional VAE").interpolate(a, b, steps, spherical);
        Views.png(Views.rows(path, steps), 0, d.height(), d.channels(), out);
        spec.commandLine().getOut().printf("%d steps from test image %d to %d with %s -> %s%n", steps, from, to, m.name(),
                out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
