package dev.genzoo.cli;

import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    /** Headline metrics per family, in column order (a card shows those it has). */
    private static final Map<String, List<String>> HEADLINE = Map.of(
            "AUTOENCODER", List.of("sse_per_image", "psnr_db", "noisy_psnr_db", "denoised_psnr_db", "psnr_gain_db"),
            "VAE", List.of("neg_elbo_nats", "nll_is_k1000_nats", "fid", "conditional_accuracy"),
            "GAN", List.of("fid", "classifier_score", "precision", "recall", "class_coverage", "conditional_accuracy"),
            "RBM", List.of("ais_log_likelihood_nats", "reconstruction_sse"),
            "CLASSIFIER", List.of("test_accuracy"));

    /** Published or baseline figures to read the cards against (see ../shared/DATA.md and the issue). */
    private static final Map<String, String> REFERENCE = Map.ofEntries(
            Map.entry("autoencoder:mnist", "PCA 30-d: 13.87 SSE; Hinton & Salakhutdinov 2006 deep AE: 3.00"),
            Map.entry("autoencoder:fashion-mnist", "PCA 30-d: 12.24 SSE; target <= 6.12"),
            Map.entry("sparse-ae:mnist", "code 200 (wider than the 30-d AE), KL sparsity rho 0.05"),
            Map.entry("contractive-ae:mnist", "one sigmoid layer, code 256, Jacobian penalty 0.1 (Rifai et al. 2011)"),
            Map.entry("denoising-ae:fashion-mnist", "target: >= 9 dB above the noisy input (Gaussian sigma 0.3)"),
            Map.entry("denoising-ae:mnist", "target: >= 9 dB above the noisy input (Gaussian sigma 0.3)"),
            Map.entry("vae-mlp:mnist", "784-512-512-32; NLL 86.8 nats (Burda et al. 2016, dynamic), 89.8 (static); target <= 90"),
            Map.entry("vae-mlp:fashion-mnist", "dynamically binarized Fashion-MNIST; no standard published figure"),
            Map.entry("cvae-mlp:mnist", "conditional ELBO (labels given); no published figure at this size"),
            Map.entry("rbm:mnist", "AIS -86.3 nats (CD-25), about -125 (CD-1), Salakhutdinov & Murray 2008; target >= -100; CD-1 for 10 epochs gave -168.3 here"),
            Map.entry("cgan-mlp:mnist", "target: >= 95% conditional accuracy"),
            Map.entry("dcgan:fashion-mnist", "2 epochs only; DCGAN papers train 25+ epochs"),
            Map.entry("gan-mlp:mnist", "FID real test vs train: 0.72 with an earlier classifier"),
            Map.entry("sparse-ae:fashion-mnist", "code 200, KL sparsity rho 0.05; PCA 30-d: 12.24 SSE"),
            Map.entry("contractive-ae:fashion-mnist", "one sigmoid layer, code 256, Jacobian penalty 0.1 (Rifai et al. 2011)"),
            Map.entry("conv-ae:mnist", "code 32, 2 epochs only (conv layers train at ~180 images/s here); PCA 30-d: 13.87 SSE"),
            Map.entry("cvae-mlp:fashion-mnist", "conditional ELBO (labels given), dynamically binarized; no published figure at this size"),
            Map.entry("vae-conv:mnist", "2 epochs only (conv layers train at ~125 images/s here); MLP VAE after 30 epochs: 99.1"),
            Map.entry("conv-ae:fashion-mnist", "code 32, 2 epochs only; PCA 30-d: 12.24 SSE"),
            Map.entry("gan-mlp:fashion-mnist", "dcgan:fashion-mnist (2 epochs): FID 29.4"),
            Map.entry("vae-conv:fashion-mnist", "2 epochs only; MLP VAE after 20 epochs: 240.0"),
            Map.entry("cgan-mlp:fashion-mnist", "classifier-fashion-mnist itself: 90.1% on real test images"),
            Map.entry("wgan:mnist", "~4,100 generator steps (the paper trains 10^5); without critic bursts: collapsed, FID 402"),
            Map.entry("rbm:fashion-mnist", "statically binarized Fashion-MNIST; no standard published AIS figure; Gibbs samples mix poorly (mostly bag shapes)"),
            Map.entry("wgan:fashion-mnist", "~4,100 generator steps (the paper trains 10^5); gan-mlp:fashion-mnist: FID 32.3"),
            Map.entry("dcgan:mnist", "1 epoch only (937 steps); DCGAN papers train 25+ epochs"),
            Map.entry("classifier-mnist:mnist", "LeNet-5: 99.05%"),
            Map.entry("classifier-fashion-mnist:fashion-mnist", "Fashion-MNIST benchmark CNNs: ~91-93%"));

    @Override
    public Integer call() throws IOException {
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
                List<String> shown = new ArrayList<>();
                for (String k : HEADLINE.getOrDefault(e.family().name(), List.of())) {
                    ModelCard.Metric m = card.metrics().get(k);
                    if (m != null) {
                        shown.add(k + " " + format(m.value()));
                    }
                }
                long bytes = card.files().values().stream().mapToLong(ModelCard.FileEntry::size).sum();
                b.append("| `").append(e.name()).append(':').append(v).append("` | ")
                        .append(e.family().name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(String.join(", ", shown)).append(" | ")
                        .append(card.provenance().epochs() == null ? "" : card.provenance().epochs()).append(" | ")
                        .append(minutes(card.provenance().wallTimeSeconds())).append(" | ")
                        .append(String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)).append(" | ")
                        .append(REFERENCE.getOrDefault(e.name() + ":" + v, "")).append(" |\n");
            }
        }
        return b.toString();
    }

    static ModelCard card(String name, String variant) throws IOException {
        String path = "genzoo/models/" + name + "/" + variant + "/model-card.json";
        try (InputStream in = ZooTableCommand.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("no bundled card at classpath:" + path);
            }
            return ModelCard.parse(in.readAllBytes(), "classpath:" + path);
        } catch (dev.genzoo.core.weights.MalformedModelException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String format(double v) {
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
