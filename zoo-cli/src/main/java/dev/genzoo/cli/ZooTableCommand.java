package dev.genzoo.cli;

import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genzoo zoo-table}: the Markdown table of every bundled pretrained variant, generated from
 * the model cards on the classpath (docs/model-zoo.md is this command's output; a test keeps the
 * two equal). {@code --check FILE} exits 1 when FILE differs from what the cards say.
 */
@Command(name = "zoo-table", mixinStandardHelpOptions = true, description = "Print the table of pretrained"
        + " models (docs/model-zoo.md) generated from the bundled model cards.")
public final class ZooTableCommand implements Callable<Integer> {
    @Option(names = "--check", paramLabel = "FILE", description = "Compare FILE with the generated table; exit 1 if"
            + " they differ.")
    Path check;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (check != null && Files.isDirectory(check)) {
            throw Args.bad(spec, "--check " + check + " is a folder; expected the Markdown file to compare"
                    + " (docs/model-zoo.md)");
        }
        String table = render();
        if (check != null) {
            String have = Files.exists(check) ? Files.readString(check, StandardCharsets.UTF_8) : "";
            if (!have.equals(table)) {
                spec.commandLine().getErr().println("genzoo: " + check + " differs from the table generated from the"
                        + " bundled cards; regenerate it with `genzoo zoo-table > " + check + "`");
                return 1;
            }
            spec.commandLine().getOut().println(check + " matches the bundled cards");
            return 0;
        }
        spec.commandLine().getOut().print(table);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** The Markdown document: one row per bundled variant, in registry order. */
    public static String render() throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Pretrained models\n\n");
        b.append("Generated from the bundled model cards by `./genzoo zoo-table` (a test checks that this file matches"
                + " them). Metrics are on the full test split of the card's data set, measured by `genzoo evaluate`"
                + " (the card holds each metric's protocol, and `subset_*` figures on the 1,000 bundled test images"
                + " that CI recomputes from the weights). Training times were measured on a shared 2-core CPU"
                + " machine, often while other work ran, so read them as upper bounds. Retrain any row with the"
                + " command in its `config`/`provenance` (see the README's recipe).\n\n");
        b.append("| model | family | metrics (full test split) | epochs | training time | size | compare with |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (var e : ModelZoo.list()) {
            for (String v : e.variants().keySet()) {
                ModelCard card = card(e.name(), v);
                long bytes = card.files().values().stream().mapToLong(ModelCard.FileEntry::size).sum();
                b.append("| `").append(e.name()).append(':').append(v).append("` | ")
                        .append(e.family().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(headline(e, card)).append(" | ")
                        .append(card.provenance().epochs() == null ? "" : card.provenance().epochs()).append(" | ")
                        .append(minutes(card.provenance().wallTimeSeconds())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)).append(" | ")
                        .append(e.comparison(v)).append(" |\n");
            }
        }
        return b.toString();
    }

    /** Where a file of a bundled variant lies on the classpath: {@code genzoo/models/NAME/VARIANT/FILE}. */
    static String bundledPath(String name, String variant, String file) {
        return "genzoo/models/" + name + "/" + variant + "/" + file;
    }

    static ModelCard card(String name, String variant) throws IOException {
        String path = bundledPath(name, variant, ModelCard.FILE_NAME);
        try (InputStream in = ZooTableCommand.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no bundled card at classpath:" + path);
            }
            return ModelCard.parse(in.readAllBytes(), "classpath:" + path);
        } catch (MalformedModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The entry's headline metrics that the card has, "name value, ...". */
    static String headline(dev.genzoo.core.registry.ZooEntry<?, ?> e, ModelCard card) {
        List<String> shown = new ArrayList<>();
        for (String k : e.headlineMetrics()) {
            ModelCard.Metric m = card.metrics().get(k);
            if (m != null) {
                shown.add(k + " " + format(m.value()));
            }
        }
        return String.join(", ", shown);
    }

    static String format(double v) {
        double a = Math.abs(v);
        return a >= 100 ? String.format(Locale.ROOT, "%.1f", v)
                : a >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String minutes(Double seconds) {
        if (seconds == null) {
            return "";
        }
        return seconds < 60 ? String.format(Locale.ROOT, "%.0f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }
}
