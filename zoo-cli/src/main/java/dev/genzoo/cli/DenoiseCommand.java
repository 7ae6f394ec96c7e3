package dev.genzoo.cli;

import dev.genzoo.core.data.Noise;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genzoo denoise MODEL --noise SPEC}: corrupt test images, reconstruct, compare PSNR. */
@Command(name = "denoise", mixinStandardHelpOptions = true, description = "Corrupt test images and reconstruct"
        + " them; writes rows clean / noisy / output and reports PSNR of noisy and output against clean.")
final class DenoiseCommand extends ReconstructCommand {
    @Option(names = "--noise", defaultValue = "gaussian:0.3", description = "gaussian:SIGMA, masking:P or"
            + " saltpepper:P (default: ${DEFAULT-VALUE}).")
    String noiseSpec;

    @Override
    Noise noise() {
        try {
            Noise n = Noise.parse(noiseSpec);
            if (n instanceof Noise.None) {
                throw new IllegalArgumentException("denoise needs a corruption, found 'none'");
            }
            return n;
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--noise: " + e.getMessage());
        }
    }
}
