package dev.genzoo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo retrain MODEL --out DIR}: trains a model from scratch with what its card records:
 * the name, data set, epochs, batch size, seed and every config field (as {@code --set}), i.e.
 * the {@code genzoo train} command that produced it. {@code --dry-run} prints that command.
 */
@Command(name = "retrain", mixinStandardHelpOptions = true, description = "Retrain a model from scratch with"
        + " the config, seed, epochs, batch size and data set on its card (the reproducibility recipe).")
public final class RetrainCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "NAME:VARIANT of a bundled pretrained model, or an artifact folder.")
    String model;

    @Option(names = "--out", required = true, description = "Artifact folder to write (must not exist or be empty).")
    Path out;

    @Option(names = "--dry-run", description = "Print the train command instead of running it.")
    boolean dryRun;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.outputFolder(spec, "--out", out);
        ModelCard card = card();
        List<String> args = command(card, out);
        spec.commandLine().getOut().println("genzoo " + String.join(" ", args.stream().map(RetrainCommand::quote)
                .toList()));
        spec.commandLine().getOut().flush();
        if (dryRun) {
            return 0;
        }
        CommandLine train = GenZooCli.commandLine();
        train.setOut(spec.commandLine().getOut());
        train.setErr(spec.commandLine().getErr());
        return train.execute(args.toArray(String[]::new));
    }

    private ModelCard card() throws Exception {
        Path dir = Path.of(model);
        if (Files.isDirectory(dir)) {
            return ModelArtifacts.readCard(dir);
        }
        int colon = model.indexOf(':');
        if (colon < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "MODEL must be NAME:VARIANT of a bundled model"
                    + " or an artifact folder, found '" + model + "'");
        }
        try {
            return ZooTableCommand.card(model.substring(0, colon), model.substring(colon + 1));
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no bundled model " + model + " (see `genzoo"
                    + " list`)");
        }
    }

    /** The train command line that reproduces {@code card}, writing to {@code out}. */
    List<String> command(ModelCard card, Path out) {
        var p = card.provenance();
        if (p == null || p.seed() == null || p.epochs() == null || p.batchSize() == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the card of " + model + " does not record"
                    + " seed, epochs and batch size, so the run cannot be repeated from it");
        }
        List<String> args = new ArrayList<>(List.of("train", card.name()));
        String dataset = card.dataset().name();
        if (dataset.endsWith("-bundled-1000")) {
            args.addAll(List.of("--dataset", dataset.substring(0, dataset.length() - "-bundled-1000".length()),
                    "--bundled"));
        } else {
            args.addAll(List.of("--dataset", dataset));
        }
        args.addAll(List.of("--epochs", "" + p.epochs(), "--batch", "" + p.batchSize(), "--seed", "" + p.seed(),
                "--variant", card.variant()));
        JsonNode config = card.config();
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext();) {
            var f = it.next();
            if (!f.getKey().equals("seed")) {
                args.add("--set");
                args.add(f.getKey() + "=" + (f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString()));
            }
        }
        args.addAll(List.of("--out", out.toString()));
        return args;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_.,:=/+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
