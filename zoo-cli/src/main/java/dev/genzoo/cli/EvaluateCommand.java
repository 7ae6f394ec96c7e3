package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.Binarization;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.eval.GenerativeEvaluation;
import dev.genzoo.core.model.Classifier;
import dev.genzoo.core.model.ClassConditional;
import dev.genzoo.core.model.Gan;
import dev.genzoo.core.model.Generative;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.LikelihoodModel;
import dev.genzoo.core.model.ValueRange;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.weights.ModelCard;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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

    @Option(names = "--truncation", paramLabel = "PSI", description = "GANs, with --classifier: draw the samples with"
            + " the truncation trick (latents scaled by PSI; w space for style-based GANs), PSI in (0, 1]; 1 = none.")
    Double truncation;

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
        Args.atLeast(spec, "--samples", samples, 1);
        Args.atLeast(spec, "--is-samples", isSamples, 0);
        Args.atLeast(spec, "--is-images", isImages, 1);
        GenZooModel m = ModelRefs.load(spec, model);
        data.defaultFrom(model, m).validate(spec);
        if (truncation != null && classifier == null) {
            throw Args.bad(spec, "--truncation changes how samples are drawn for --classifier's metrics; give --classifier");
        }
        if (truncation != null) {
            Args.truncation(spec, truncation);
        }
        GenZooModel judge = classifier == null ? null : ModelRefs.load(spec, classifier, "--classifier");
        ZooEntry<?, ?> entry = ModelZoo.entry(m.name());
        if (entry.evaluation().isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "model '" + m.name()
                    + "' has no evaluation protocol on its registry entry");
        }
        var test = data.splitFor(spec, m, Split.TEST);
        Map<String, ModelCard.Metric> metrics = new LinkedHashMap<>(entry.evaluate(m, test));
        if (isSamples > 0) {
            LikelihoodModel v = ModelRefs.require(spec, m, LikelihoodModel.class, "has no importance-sampled"
                    + " likelihood; --is-samples applies to unconditional VAEs");
            metrics.put("nll_is_k" + isSamples + "_nats", importanceSampledNll(v, test));
        }
        if (classifier != null) {
            metrics.putAll(generativeMetrics(m, judge, test));
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("dataset", data.name() + (data.bundled ? "-bundled-1000" : "/test"));
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
    private Map<String, ModelCard.Metric> generativeMetrics(GenZooModel m, GenZooModel classifierModel,
            ImageDataset test) throws Exception {
        Classifier judge = ModelRefs.require(spec, classifierModel, Classifier.class,
                "is not a classifier; --classifier needs one, e.g. classifier-mnist:mnist");
        Generative g = ModelRefs.require(spec, m, Generative.class,
                "does not generate samples; --classifier applies to generative models");
        int n = Math.min(samples, test.size());
        INDArray labels = Nd4j.zeros(n, test.numClasses());
        for (int i = 0; i < n; i++) {
            labels.putScalar(i, i % test.numClasses(), 1);
        }
        ClassConditional conditional = g instanceof ClassConditional c ? c : null;
        INDArray generated;
        if (truncation != null) {
            Gan gan = ModelRefs.require(spec, m, Gan.class, "is not a GAN; --truncation applies to GANs");
            generated = gan instanceof Gan.Conditional c ? c.generate(labels, 1, truncation)
                    : gan.generate(n, 1, truncation);
        } else {
            generated = conditional != null ? conditional.sample(labels, 1) : g.sample(n, 1);
        }
        ValueRange range = m.valueRange();
        if (!range.equals(ValueRange.UNIT)) {
            generated = GenerativeEvaluation.toUnitRange(generated, range.min(), range.max());
        }
        generated = generated.reshape(n, 1, test.height(), test.width());
        var report = GenerativeEvaluation.evaluate(judge, generated,
                GenerativeEvaluation.images(test, n));
        Map<String, ModelCard.Metric> out = new LinkedHashMap<>();
        String drawn = truncation == null ? "" : "; samples drawn with the truncation trick, psi " + truncation;
        report.asMetrics().forEach((k, v) -> out.put(k, new ModelCard.Metric(v.value(), v.protocol() + drawn)));
        if (conditional != null) {
            INDArray predicted = judge.predict(generated).argMax(1);
            INDArray asked = labels.argMax(1);
            double acc = predicted.eq(asked).castTo(DataType.DOUBLE).meanNumber()
                    .doubleValue();
            out.put("conditional_accuracy", new ModelCard.Metric(acc, "share of " + n + " samples (classes asked for in"
                    + " turn, seed 1) that " + judge.name() + " classifies as the class asked for" + drawn));
        }
        return out;
    }

    /** Mean −log p(x) over the first {@code isImages} images, statically binarized with seed 0 as in evaluate. */
    private ModelCard.Metric importanceSampledNll(LikelihoodModel v, ImageDataset test) {
        int n = Math.min(isImages, test.size());
        boolean image = v.inputShape().height() > 1;
        var it = test.batch(10).limit(n).seed(0).binarize(Binarization.STATIC)
                .layout(image ? Layout.IMAGE : Layout.FLAT).iterator();
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
}
