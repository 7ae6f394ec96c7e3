package dev.genzoo.cli;

import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Generative;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.MarkovChainSampler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genzoo sample MODEL}: a grid of samples from a VAE, GAN or RBM. */
@Command(name = "sample", mixinStandardHelpOptions = true, description = "Draw samples from a generative model"
        + " (VAE, GAN, RBM) into a PNG grid.")
final class SampleCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Option(names = {"-n", "--count"}, defaultValue = "64", description = "Number of samples (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed.")
    long seed;

    @Option(names = "--label", description = "Class to generate (conditional models).")
    Integer label;

    @Option(names = "--steps", defaultValue = "1000", description = "Gibbs steps (RBM; default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "-n/--count", n, 1);
        Args.atLeast(spec, "--steps", steps, 1);
        Args.outputFile(spec, "--out", out);
        GenZooModel m = ModelRefs.load(spec, model);
        INDArray samples = draw(m);
        Views.png(Views.rows(samples, Math.min(8, n)), m.valueRange().min(), out);
        spec.commandLine().getOut().printf("%d samples of %s (seed %d) -> %s%n", n, m.name(), seed, out);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private INDArray draw(GenZooModel m) {
        if (label != null) {
            ClassConditional c = ModelRefs.require(spec, m, ClassConditional.class, "is not conditional;"
                    + " --label needs a conditional model (cvae-mlp, cgan-mlp)");
            return c.sample(oneHot(c.numClasses()), seed);
        }
        if (m instanceof MarkovChainSampler chain) {
            return chain.sample(n, steps, seed);
        }
        return ModelRefs.require(spec, m, Generative.class,
                "does not generate samples; use reconstruct for autoencoders").sample(n, seed);
    }

    private INDArray oneHot(int classes) {
        if (label < 0 || label >= classes) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--label must be in 0.." + (classes - 1)
                    + ", found " + label);
        }
        INDArray y = Nd4j.zeros(n, classes);
        y.getColumn(label).assign(1);
        return y;
    }
}
