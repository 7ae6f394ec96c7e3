package dev.genzoo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.train.MetricsLogs;
import dev.genzoo.core.viz.LossCurves;
import dev.genzoo.core.weights.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code genzoo gallery --out DIR}: a static HTML site of every bundled pretrained variant, made from
 * the same model cards as docs/model-zoo.md ({@link ZooTableCommand}) and the same pictures as the
 * demo's gallery ({@link Gallery}). {@code index.html} lists them; each model's page shows its
 * picture, every metric of its card with the protocol, the data set and its checksum, how it was
 * trained (the {@code genzoo train} command that reproduces it, from the card's config and
 * provenance), how to load it, and its files. Pages are plain HTML with inline CSS: no script, no
 * network.
 */
@Command(name = "gallery", mixinStandardHelpOptions = true, description = "Write a static HTML gallery of the"
        + " bundled pretrained models (pictures, card metrics with protocols, how to reproduce and load each).")
final class GalleryCommand implements Callable<Integer> {
    static final String PICTURES = "img";

    @Option(names = "--out", required = true, description = "Folder for index.html, one page per model and img/.")
    Path out;

    @Option(names = "--overwrite", description = "Write into a folder that is not empty.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.freshOutputFolder(spec, "--out", out, overwrite);
        long t0 = System.nanoTime();
        Files.createDirectories(out);
        List<String> pictures = Gallery.write(out.resolve(PICTURES));
        Map<String, String> captions = new java.util.HashMap<>();
        for (String p : pictures) { // "file.png (what it shows)"
            int open = p.indexOf(" (");
            captions.put(p.substring(0, open), p.substring(open + 2, p.length() - 1));
        }
        List<Row> rows = new ArrayList<>();
        int pages = 0;
        for (ZooEntry<?, ?> e : ModelZoo.list()) {
            for (String v : e.variants().keySet()) {
                ModelCard card = ZooTableCommand.card(e.name(), v);
                String page = page(e.name(), v);
                String curve = curve(e.name(), v, out.resolve(PICTURES));
                write(out.resolve(page), modelPage(e, v, card, captions.getOrDefault(e.name() + "-" + v + ".png", ""),
                        curve));
                rows.add(new Row(e, v, page));
                pages++;
            }
        }
        write(out.resolve("index.html"), index(rows));
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: index.html, %d model pages, %d pictures (%.0f s)%n",
                out, pages, pictures.size(), (System.nanoTime() - t0) / 1e9);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Draws the variant's bundled training log ({@value TrainCommand#TRAINING_LOG}, the run's metrics
     * log compacted) as {@code dir/<name>-<variant>-curve.png}: its losses against the step. Returns
     * what the picture shows, or null when the variant carries no log (bundled before artifacts kept
     * one).
     */
    static String curve(String name, String variant, Path dir) throws IOException {
        String path = ZooTableCommand.bundledPath(name, variant, TrainCommand.TRAINING_LOG);
        MetricsLogs.Compact compact;
        try (var in = GalleryCommand.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            compact = MetricsLogs.readCompact(new java.io.BufferedReader(new java.io.InputStreamReader(in,
                    StandardCharsets.UTF_8)), "classpath:" + path);
        }
        MetricsLogs.Log log = compact.log();
        int window = compact.window();
        List<String> shown = curveMetrics(log.metricNames());
        Map<String, double[][]> series = new java.util.LinkedHashMap<>();
        for (String m : shown) {
            MetricsLogs.Series s = log.series(m);
            series.put(m, new double[][] {s.steps(), s.values()});
        }
        LossCurves.writeStepPng(series, name + ":" + variant, false, 720, 320, dir.resolve(curveFile(name, variant)));
        return String.join(", ", shown) + " against the training step, " + log.steps().size() + " points"
                + (window > 1 ? ", each the median of " + window + " consecutive logged steps" : ", as logged");
    }

    static String curveFile(String name, String variant) {
        return name + "-" + variant + "-curve.png";
    }

    /** The losses a curve shows: every metric named *loss; the overall "loss" only when it is the sole one. */
    static List<String> curveMetrics(java.util.Set<String> names) {
        List<String> losses = new ArrayList<>();
        for (String n : names) {
            if (n.endsWith("loss") && !n.equals("loss")) {
                losses.add(n);
            }
        }
        if (losses.isEmpty() && names.contains("loss")) {
            losses.add("loss");
        }
        return losses;
    }

    private record Row(ZooEntry<?, ?> entry, String variant, String page) {
    }

    static String page(String name, String variant) {
        return name + "-" + variant + ".html";
    }

    /** The {@code genzoo train} command that reproduces a card: its data set, epochs, batch, seed and changed config. */
    static String trainCommand(ZooEntry<?, ?> e, String variant, ModelCard card) {
        StringBuilder b = new StringBuilder("./genzoo train ").append(e.name());
        String data = card.dataset() == null ? null : card.dataset().name();
        boolean known = false;
        try {
            if (data != null) {
                DatasetId.of(data);
                known = true;
            }
        } catch (IllegalArgumentException ex) {
            known = false;
        }
        if (known) {
            b.append(" --dataset ").append(data);
        }
        ModelCard.Provenance p = card.provenance();
        if (p != null && p.epochs() != null) {
            b.append(" --epochs ").append(p.epochs());
        }
        if (p != null && p.batchSize() != null) {
            b.append(" --batch ").append(p.batchSize());
        }
        if (p != null && p.seed() != null) {
            b.append(" --seed ").append(p.seed());
        }
        JsonNode defaults = defaults(e);
        JsonNode config = card.config();
        if (config != null && defaults != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                if (!f.getKey().equals("seed") && !f.getValue().equals(defaults.get(f.getKey()))) {
                    String value = f.getValue().isTextual() ? f.getValue().asText() : f.getValue().toString();
                    b.append(" --set ").append(shellWord(f.getKey() + "=" + value));
                }
            }
        }
        b.append(" --out out/").append(e.name()).append('-').append(variant);
        return b.toString();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static JsonNode defaults(ZooEntry e) {
        return (JsonNode) e.configToJson((Record) e.defaultConfig());
    }

    private static String shellWord(String s) {
        return s.matches("[A-Za-z0-9_=.,:+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private static String modelPage(ZooEntry<?, ?> e, String v, ModelCard card, String caption, String curve) {
        StringBuilder b = head(e.name() + ":" + v);
        b.append("<p><a href=\"index.html\">All models</a></p>\n");
        b.append("<h1><code>").append(esc(e.name() + ":" + v)).append("</code></h1>\n");
        b.append("<p>").append(esc(e.family().name().toLowerCase(Locale.ROOT))).append(" &middot; ")
                .append(esc(card.description() == null ? e.description() : card.description())).append("</p>\n");
        if (!e.reference().isBlank()) {
            b.append("<p>Reference: <a href=\"").append(esc(e.reference())).append("\">").append(esc(e.reference()))
                    .append("</a></p>\n");
        }
        if (!e.comparison(v).isBlank()) {
            b.append("<p>Compare with: ").append(esc(e.comparison(v))).append("</p>\n");
        }
        String picture = e.name() + "-" + v + ".png";
        b.append("<h2>Picture</h2>\n");
        if (e.family() == dev.genzoo.core.model.Family.CLASSIFIER) {
            b.append("<p>A classifier: no picture; its metrics are below.</p>\n");
        } else {
            b.append("<p><img src=\"").append(PICTURES).append('/').append(esc(picture)).append("\" alt=\"")
                    .append(esc(e.name() + ":" + v)).append("\"></p>\n<p class=\"note\">").append(esc(caption))
                    .append(" (seed 42)</p>\n");
        }
        b.append("<h2>Training curve</h2>\n");
        if (curve == null) {
            b.append("<p class=\"note\">No training log is bundled with this variant (it was bundled before artifacts"
                    + " kept their run's log).</p>\n");
        } else {
            b.append("<p><img src=\"").append(PICTURES).append('/').append(esc(curveFile(e.name(), v)))
                    .append("\" alt=\"training curve of ").append(esc(e.name() + ":" + v))
                    .append("\"></p>\n<p class=\"note\">").append(esc(curve)).append(" (from ").append(TrainCommand.TRAINING_LOG).append(", bundled)</p>\n");
        }
        b.append("<h2>Metrics</h2>\n<table class=\"metrics\">\n<tr><th>metric</th><th>value</th><th>protocol</th></tr>\n");
        card.metrics().forEach((k, m) -> b.append("<tr><td>").append(esc(k)).append("</td><td data-value=\"")
                .append(m.value()).append("\">").append(esc(ZooTableCommand.format(m.value()))).append("</td><td>")
                .append(esc(m.protocol() == null ? "" : m.protocol())).append("</td></tr>\n"));
        b.append("</table>\n");
        b.append("<h2>Data</h2>\n<p>").append(esc(card.dataset() == null ? "not recorded" : card.dataset().name()));
        if (card.dataset() != null && card.dataset().sha256() != null) {
            b.append(" &middot; SHA-256 <code>").append(esc(card.dataset().sha256())).append("</code>");
        }
        b.append("</p>\n<h2>Reproduce</h2>\n<pre>").append(esc(trainCommand(e, v, card))).append("</pre>\n");
        ModelCard.Provenance p = card.provenance();
        if (p != null) {
            b.append("<table>\n");
            row(b, "seed", p.seed());
            row(b, "epochs", p.epochs());
            row(b, "batch size", p.batchSize());
            row(b, "wall time", p.wallTimeSeconds() == null ? null
                    : String.format(Locale.ROOT, "%.0f s (%.1f min) on a shared 2-core CPU", p.wallTimeSeconds(),
                            p.wallTimeSeconds() / 60));
            row(b, "source commit", p.sourceCommit());
            row(b, "written", p.createdAt());
            row(b, "libraries", p.libraryVersions());
            b.append("</table>\n");
        }
        b.append("<h2>Use</h2>\n<pre>").append(esc("GenZooModel m = ModelZoo.load(\"" + e.name() + ":" + v + "\");\n"
                + "./genzoo info " + e.name() + "\n./genzoo evaluate " + e.name() + ":" + v + " --bundled")).append("</pre>\n");
        b.append("<h2>Files</h2>\n<table>\n<tr><th>file</th><th>bytes</th><th>SHA-256</th></tr>\n");
        card.files().forEach((f, entry) -> b.append("<tr><td>").append(esc(f)).append("</td><td>").append(entry.size())
                .append("</td><td><code>").append(esc(entry.sha256())).append("</code></td></tr>\n"));
        b.append("</table>\n</body>\n</html>\n");
        return b.toString();
    }

    private static String index(List<Row> rows) throws IOException {
        StringBuilder b = head("GenZoo pretrained models");
        b.append("<h1>GenZoo pretrained models</h1>\n<p>Every bundled variant, made from its model card (the same"
                + " source as docs/model-zoo.md). Metrics are on the full test split unless their name starts with"
                + " <code>subset_</code>; each page gives every metric's protocol.</p>\n");
        b.append("<table>\n<tr><th>picture</th><th>model</th><th>family</th><th>headline metrics</th><th>epochs</th>"
                + "</tr>\n");
        for (Row row : rows) {
            ZooEntry<?, ?> e = row.entry();
            String[] r = {e.name(), row.variant(), row.page()};
            ModelCard card = ZooTableCommand.card(r[0], r[1]);
            b.append("<tr><td>");
            if (e.family() != dev.genzoo.core.model.Family.CLASSIFIER) {
                b.append("<a href=\"").append(esc(r[2])).append("\"><img class=\"thumb\" src=\"").append(PICTURES)
                        .append('/').append(esc(r[0] + "-" + r[1] + ".png")).append("\" alt=\"\"></a>");
            }
            b.append("</td><td><a href=\"").append(esc(r[2])).append("\"><code>").append(esc(r[0] + ":" + r[1]))
                    .append("</code></a></td><td>").append(esc(e.family().name().toLowerCase(Locale.ROOT)))
                    .append("</td><td>");
            b.append(esc(ZooTableCommand.headline(e, card))).append("</td><td>")
                    .append(card.provenance() == null || card.provenance().epochs() == null ? ""
                            : card.provenance().epochs()).append("</td></tr>\n");
        }
        b.append("</table>\n</body>\n</html>\n");
        return b.toString();
    }

    private static StringBuilder head(String title) {
        return new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(esc(title)).append("</title>\n<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;"
                        + "padding:0 1em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
                        + "vertical-align:top;text-align:left}pre{background:#f4f4f4;padding:8px;overflow-x:auto}"
                        + "img{image-rendering:pixelated;max-width:100%}img.thumb{height:64px}.note{color:#555}"
                        + "table.metrics td:nth-child(3){font-size:small;color:#444}</style>\n</head>\n<body>\n");
    }

    private static void row(StringBuilder b, String key, Object value) {
        if (value != null) {
            b.append("<tr><th>").append(esc(key)).append("</th><td>").append(esc(String.valueOf(value)))
                    .append("</td></tr>\n");
        }
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static void write(Path file, String html) throws IOException {
        CsvFiles.writeAtomically(file, w -> w.write(html));
    }
}
