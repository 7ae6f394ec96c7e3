package dev.genzoo.cli;

import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo compact ARTIFACT --out DIR}: the artifact with its parameters in half precision
 * (half the bytes), for bundling. Metrics measured on the float32 parameters no longer describe
 * the stored ones, so the new card keeps only what training measured and the command says to run
 * {@code genzoo evaluate} on the result: a bundled card's figures are measured on its stored form.
 */
@Command(name = "compact", mixinStandardHelpOptions = true, description = "Write an artifact with its parameters in"
        + " half precision (float16, half the bytes) for bundling; evaluation metrics are dropped from its card, to be"
        + " measured again on the stored parameters with genzoo evaluate.")
final class CompactCommand implements Callable<Integer> {
    /** Card metrics that describe the training, not the stored parameters, and so survive compaction. */
    static final Set<String> TRAINING_METRICS = Set.of("train_loss_last_epoch");

    @Parameters(paramLabel = "ARTIFACT", description = "Artifact folder written by genzoo train.")
    Path artifact;

    @Option(names = "--out", required = true, description = "Artifact folder to write (must not exist or be empty).")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing artifact folder.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.existingFolder(spec, "ARTIFACT", artifact, "an artifact folder (a model card and its network zips)");
        if (artifact.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
            throw Args.bad(spec, "--out " + out + " is ARTIFACT itself; write the compact artifact to another folder");
        }
        Args.freshOutputFolder(spec, "--out", out, overwrite);
        ModelCard card = ModelArtifacts.readCard(artifact);
        if (card.metrics().containsKey(AnomalyCommand.THRESHOLD_METRIC)) {
            throw Args.bad(spec, "ARTIFACT " + artifact + " carries an anomaly threshold measured on its float32"
                    + " parameters; compacting it would leave that threshold unmeasured for the stored ones");
        }
        GenZooModel model = ModelZoo.load(artifact);
        Map<String, ModelCard.Metric> kept = new LinkedHashMap<>();
        card.metrics().forEach((k, v) -> {
            if (TRAINING_METRICS.contains(k)) {
                kept.put(k, v);
            }
        });
        String note = "parameters stored in half precision (genzoo compact); every evaluation metric is measured on"
                + " the stored parameters";
        ModelCard compact = new ModelCard(card.formatVersion(), card.name(), card.variant(), card.version(),
                card.family(), card.description() == null ? note : card.description() + "; " + note, card.config(),
                card.inputShape(), card.valueRange(), card.dataset(), card.provenance(), kept, Map.of());
        ModelCard written = overwrite
                ? ModelArtifacts.save(model, compact, out, ModelArtifacts.SaveOption.HALF_PRECISION,
                        ModelArtifacts.SaveOption.OVERWRITE)
                : ModelArtifacts.save(model, compact, out, ModelArtifacts.SaveOption.HALF_PRECISION);
        Path log = artifact.resolve(TrainCommand.TRAINING_LOG);
        if (Files.isRegularFile(log)) {
            Files.copy(log, out.resolve(TrainCommand.TRAINING_LOG), StandardCopyOption.REPLACE_EXISTING);
        }
        long before = 0;
        long after = 0;
        for (Map.Entry<String, ModelCard.FileEntry> f : card.files().entrySet()) {
            before += f.getValue().size();
        }
        for (ModelCard.FileEntry f : written.files().values()) {
            after += f.size();
        }
        PrintWriter w = spec.commandLine().getOut();
        w.printf("%s: %d network files, %,d bytes -> %,d bytes (half precision) in %s%n", card.reference(),
                written.files().size(), before, after, out);
        w.printf("dropped %d evaluation metrics; measure them on the stored parameters: genzoo evaluate %s%n",
                card.metrics().size() - kept.size(), out);
        w.flush();
        return 0;
    }
}
