package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Vae;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.train.Trainable;
import dev.genzoo.core.weights.ModelCard;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genzoo evaluate MODEL}: the family's metrics on the test split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, description = "Evaluate a model (an artifact folder"
        + " or NAME:VARIANT) on the test split with its family's metrics.")
final class EvaluateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT of a pretrained model.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--classifier", description = "Generative models: a classifier (artifact folder or NAME:VARIANT)"
            + " whose features give FID, KID, IS, precision/recall and class coverage; for conditional models also the"
            + " share of samples classified as the class asked for.")
    String classifier;

    @Option(names = "--samples", defaultValue = "10000", description = "Generated and real images for --classifier"
            + " (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--is-samples", defaultValue = "0", description = "VAE: also estimate log p(x) by importance"
            + " sampling with K samples per image (e.g. 1000; costly).")
    int isSamples;

    @Option(names = "--is-images", defaultValue = "1000", description = "VAE: images for the importance-sampled"
            + " estimate, the first N of the split (default: ${DEFAULT-VALUE}).")
    int isImages;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        GenZooModel m = load(spec, model);
        data.defaultFrom(model);
        if (!(m instanceof Trainable t)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "model '" + m.name()
                    + "' has no evaluation from the command line yet");
        }
        var test = data.split(Split.TEST);
        Map<String, ModelCard.Metric> metrics = new java.util.LinkedHashMap<>(t.evaluate(test));
        if (isSamples > 0) {
            if (!(m instanceof Vae v) || m instanceof Vae.Conditional) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--is-samples applies to unconditional VAEs,"
                        + " not to '" + m.name() + "'");
            }
            metrics.put("nll_is_k" + isSamples + "_nats", importanceSampledNll(v, test));
        }
        if (classifier != null) {
            metrics.putAll(generativeMetrics(m, test));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("dataset", data.id().id() + (data.bundled ? "-bundled-1000" : "/test"));
            ObjectNode mo = o.putObject("metrics");
            metrics.forEach((k, v) -> mo.putObject(k).put("value", v.value()).put("protocol", v.protocol()));
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            metrics.forEach((k, v) -> w.printf("%-22s %.4f   (%s)%n", k, v.value(), v.protocol()));
        }
        w.flush();
        return 0;
    }

    /** FID, KID, IS, precision/recall, coverage (and conditional accuracy) against the first images of the split. */
    private Map<String, ModelCard.Metric> generativeMetrics(GenZooModel m, dev.genzoo.core.data.ImageDataset test)
            throws Exception {
        if (!(load(spec, classifier) instanceof dev.genzoo.core.model.Classifier judge)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classifier " + classifier
                    + " is not a classifier");
        }
        int n = Math.min(samples, test.size());
        INDArray labels = org.nd4j.linalg.factory.Nd4j.zeros(n, test.numClasses());
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % test.numClasses(), 1);
        }
        INDArray generated;
        if (m instanceof dev.genzoo.core.model.Gan.Conditional g) {
            generated = g.generate(labels, 1);
        } else if (m instanceof dev.genzoo.core.model.Gan g) {
            generated = g.generate(n, 1);
        } else if (m instanceof Vae.Conditional v) {
            generated = v.sample(labels, 1);
        } else if (m instanceof Vae v) {
            generated = v.sample(n, 1);
        } else if (m instanceof dev.genzoo.core.model.Rbm r) {
            generated = r.sample(n, 1000, 1);
        } else {
            throw new CommandLine.ParameterException(spec.commandLine(), "--classifier applies to generative models,"
                    + " not to '" + m.name() + "' (" + m.family() + ")");
        }
        if (m.family() == dev.genzoo.core.model.Family.GAN) {
            generated = dev.genzoo.core.eval.GenerativeEvaluation.toUnitRange(generated, -1, 1);
        }
        generated = generated.reshape(n, 1, test.height(), test.width());
        var report = dev.genzoo.core.eval.GenerativeEvaluation.evaluate(judge, generated,
                dev.genzoo.core.eval.GenerativeEvaluation.images(test, n));
        Map<String, ModelCard.Metric> out = new java.util.LinkedHashMap<>(report.asMetrics());
        if (m instanceof dev.genzoo.core.model.Gan.Conditional || m instanceof Vae.Conditional) {
            INDArray predicted = judge.predict(generated).argMax(1);
            INDArray asked = labels.argMax(1);
            double acc = predicted.eq(asked).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber()
                    .doubleValue();
            out.put("conditional_accuracy", new ModelCard.Metric(acc, "share of " + n + " samples (classes asked for in"
                    + " turn, seed 1) that " + judge.name() + " classifies as the class asked for"));
        }
        return out;
    }

    /** Mean −log p(x) over the first {@code isImages} images, statically binarized with seed 0 as in evaluate. */
    private ModelCard.Metric importanceSampledNll(Vae v, dev.genzoo.core.data.ImageDataset test) {
        int n = Math.min(isImages, test.size());
        boolean image = v.inputShape().height() > 1;
        var it = test.batch(10).limit(n).seed(0).binarize(dev.genzoo.core.data.Binarization.STATIC)
                .layout(image ? dev.genzoo.core.data.Layout.IMAGE : dev.genzoo.core.data.Layout.FLAT).iterator();
        double sum = 0;
        long t0 = System.nanoTime();
        while (it.hasNext()) {
            sum += v.logLikelihood(it.next().getFeatures(), isSamples).sumNumber().doubleValue();
        }
        return new ModelCard.Metric(-sum / n, "importance-sampled negative log-likelihood in nats, k=" + isSamples
                + " posterior samples per image (log-mean-exp), mean over the first " + n + " images of "
                + test.name() + ", statically binarized with seed 0; " + String.format("%.0f", (System.nanoTime() - t0)
                / 1e9) + " s");
    }

    /** Loads an artifact folder or a {@code NAME:VARIANT} reference. */
    static GenZooModel load(CommandLine.Model.CommandSpec spec, String ref) throws Exception {
        Path p = Path.of(ref);
        if (Files.isDirectory(p)) {
            return ModelZoo.load(p);
        }
        if (!ref.contains(":")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "'" + ref + "' is neither an artifact folder"
                    + " nor NAME:VARIANT");
        }
        return ModelZoo.load(ref);
    }
}
