package dev.genzoo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Checks of command-line arguments, run before any work starts: each failure is a usage error
 * (exit code 2) whose message names the argument, the value found and what is expected.
 */
final class Args {
    private Args() {
    }

    static CommandLine.ParameterException bad(CommandLine.Model.CommandSpec spec, String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** {@code value >= min}, else a usage error naming {@code option}. */
    /** {@code --truncation}'s value, checked by the one rule of {@link dev.genzoo.core.model.Gan#checkTruncation}. */
    static double truncation(CommandLine.Model.CommandSpec spec, double psi) {
        try {
            return dev.genzoo.core.model.Gan.checkTruncation(psi);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "--" + e.getMessage());
        }
    }

    static void atLeast(CommandLine.Model.CommandSpec spec, String option, long value, long min) {
        if (value < min) {
            throw bad(spec, option + " must be >= " + min + ", found " + value);
        }
    }

    /** A file to write ({@code --out x.png}): not a folder, in a folder that exists or can be made, writable. */
    static void outputFile(CommandLine.Model.CommandSpec spec, String option, Path file) {
        if (Files.isDirectory(file)) {
            throw bad(spec, option + " " + file + " is a folder; expected the path of a file to write");
        }
        writableParent(spec, option, file);
    }

    /** {@link #outputFolder}, and unless {@code overwrite} the folder must be new or empty. */
    static void freshOutputFolder(CommandLine.Model.CommandSpec spec, String option, Path folder, boolean overwrite)
            throws java.io.IOException {
        outputFolder(spec, option, folder);
        if (!overwrite && Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                if (files.findAny().isPresent()) {
                    throw bad(spec, option + " " + folder + " already exists and is not empty; choose another folder"
                            + " or pass --overwrite");
                }
            }
        }
    }

    /** A folder to write into: not a file, under a folder that exists or can be made, writable. */
    static void outputFolder(CommandLine.Model.CommandSpec spec, String option, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw bad(spec, option + " " + folder + " is a file; expected a folder (new, or one to write into)");
        }
        if (Files.isDirectory(folder)) {
            if (!Files.isWritable(folder)) {
                throw bad(spec, option + " " + folder + " is a folder this user cannot write to");
            }
            return;
        }
        writableParent(spec, option, folder);
    }

    /** A file or folder that must exist ({@code --resume DIR}). */
    static void existingFolder(CommandLine.Model.CommandSpec spec, String option, Path folder, String expected) {
        if (!Files.isDirectory(folder)) {
            throw bad(spec, option + " " + folder + (Files.exists(folder) ? " is a file" : " does not exist")
                    + "; expected " + expected);
        }
    }

    /** The nearest existing ancestor of {@code path} must be a writable folder. */
    private static void writableParent(CommandLine.Model.CommandSpec spec, String option, Path path) {
        Path p = path.toAbsolutePath().normalize().getParent();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        if (p == null) {
            return;
        }
        if (!Files.isDirectory(p)) {
            throw bad(spec, option + " " + path + " lies under " + p + ", which is a file, not a folder; expected a"
                    + " path in a folder");
        }
        if (!Files.isWritable(p)) {
            throw bad(spec, option + " " + path + ": the folder " + p + " is not writable by this user; choose a"
                    + " writable location");
        }
    }
}
