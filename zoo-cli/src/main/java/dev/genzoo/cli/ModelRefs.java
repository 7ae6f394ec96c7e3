package dev.genzoo.cli;

import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelNotFoundException;
import dev.genzoo.core.registry.ModelZoo;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * How every command reads its MODEL argument and asks the model for what it needs: by capability
 * ({@code Reconstructing}, {@code Generative}, ...), never by family or class.
 */
final class ModelRefs {
    private ModelRefs() {
    }

    /** Loads the MODEL argument: an artifact folder or a {@code NAME:VARIANT} reference. */
    static GenZooModel load(CommandLine.Model.CommandSpec spec, String ref) throws Exception {
        return load(spec, ref, "MODEL");
    }

    /**
     * Loads an artifact folder or a {@code NAME:VARIANT} reference given as {@code argument}; an
     * unknown model or variant is a usage error naming the argument and the valid names.
     */
    static GenZooModel load(CommandLine.Model.CommandSpec spec, String ref, String argument) throws Exception {
        try {
            if (isFolder(ref)) {
                return ModelZoo.load(Path.of(ref));
            }
            if (!ref.contains(":")) {
                throw Args.bad(spec, argument + " '" + ref + "' is neither an artifact folder nor NAME:VARIANT"
                        + " (e.g. autoencoder:mnist; see `genzoo list`)");
            }
            return ModelZoo.load(ref);
        } catch (ModelNotFoundException e) {
            throw Args.bad(spec, argument + " '" + ref + "': " + e.getMessage());
        }
    }

    /**
     * {@code model} as the capability a command needs, or a usage error naming the model and
     * {@code lacking}: what it cannot do and which models can (e.g. "does not reconstruct; use an
     * autoencoder").
     */
    static <T> T require(CommandLine.Model.CommandSpec spec, GenZooModel model, Class<T> capability, String lacking) {
        if (capability.isInstance(model)) {
            return capability.cast(model);
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "model '" + model.name() + "' ("
                + model.family() + ") " + lacking);
    }

    private static boolean isFolder(String ref) {
        try {
            return Files.isDirectory(Path.of(ref));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
