package dev.genzoo.cli;

import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Gan;
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

    @Option(names = "--truncation", paramLabel = "PSI", description = "GANs: the truncation trick. Style-based GANs:"
            + " w' = mean w + PSI (w - mean w); 1 = none, 0.7 typical, 0 = the mean image. Other GANs: latents scaled by"
            + " PSI in (0, 1].")
    Double truncation;

    @Option(names = "--cutoff", paramLabel = "K", description = "Style-based GANs: truncate the first K synthesis"
            + " layers only (default: all).")
    Integer cutoff;

    @Option(names = "--noise", paramLabel = "MODE", description = "Style-based GANs: per-pixel noise random (default),"
            + " fixed (the same maps for every image) or none.")
    String noise;

    @Option(names = "--noise-only", description = "Style-based GANs: one w (from --seed) for every image, different"
            + " noise each: what the noise inputs control.")
    boolean noiseOnly;

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
        if (truncation != null && cutoff == null && noise == null && !noiseOnly && !(m instanceof Gan.StyleBased)) {
            Gan g = ModelRefs.require(spec, m, Gan.class, "is not a GAN; --truncation needs one");
            Args.truncation(spec, truncation);
            if (label != null) {
                Gan.Conditional c = ModelRefs.require(spec, m, Gan.Conditional.class, "is not conditional;"
                        + " --label needs a conditional model (cvae-mlp, cgan-mlp)");
                return c.generate(oneHot(c.numClasses()), seed, truncation);
            }
            return g.generate(n, seed, truncation);
        }
        if (truncation != null || cutoff != null || noise != null || noiseOnly) {
            return drawStyled(ModelRefs.require(spec, m, Gan.StyleBased.class, "is not a style-based GAN;"
                    + " --truncation, --cutoff, --noise and --noise-only need one (stylegan)"));
        }
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

    private INDArray drawStyled(Gan.StyleBased g) {
        if (label != null) {
            throw Args.bad(spec, "--label does not apply to " + g.name() + ": it is not conditional");
        }
        double psi = truncation == null ? 1.0 : truncation;
        if (!Double.isFinite(psi)) {
            throw Args.bad(spec, "--truncation must be a finite number (1 = none, 0.7 typical), found " + truncation);
        }
        int k = cutoff == null ? g.styleLayers() : cutoff;
        if (k < 0 || k > g.styleLayers()) {
            throw Args.bad(spec, "--cutoff must be in 0.." + g.styleLayers() + " (the synthesis layers of " + g.name()
                    + "), found " + cutoff);
        }
        Gan.StyleBased.Noise mode = noiseMode();
        if (!noiseOnly) {
            return g.sample(n, seed, psi, k, mode);
        }
        if (mode != Gan.StyleBased.Noise.RANDOM) {
            throw Args.bad(spec, "--noise-only shows what random noise changes; it cannot take --noise " + noise);
        }
        // one latent, its w (truncated as asked) on every row, fresh noise per image
        INDArray w = g.mapping(g.latentNoise(new long[] {seed})).repeat(0, n);
        return g.synthesize(g.truncate(w, psi, k), Gan.StyleBased.Noise.RANDOM, seed);
    }

    private Gan.StyleBased.Noise noiseMode() {
        if (noise == null) {
            return Gan.StyleBased.Noise.RANDOM;
        }
        try {
            return Gan.StyleBased.Noise.valueOf(noise.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, "--noise must be random, fixed or none, found '" + noise + "'");
        }
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
