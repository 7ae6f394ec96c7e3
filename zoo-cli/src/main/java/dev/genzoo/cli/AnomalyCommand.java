package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.data.Target;
import dev.genzoo.core.eval.Ranking;
import dev.genzoo.core.model.AnomalyScoring;
import dev.genzoo.core.model.GenZooModel;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.nio.file.Path;

/**
 * {@code genzoo anomaly MODEL --normal-class K}: the one-class protocol. The model (trained on
 * class K only, e.g. {@code genzoo train ... --only-class K}) scores every test image; images of
 * other classes are the anomalies. Reports AUROC and AUPRC; with {@code --out}, writes every
 * image's score and whether it is flagged at a threshold chosen on normal images only ({@link ScoredCsv}).
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true, description = "Score test images with a model trained"
        + " on one normal class; report AUROC and AUPRC of detecting the other classes.")
final class AnomalyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--normal-class", required = true, description = "The class the model was trained on.")
    int normalClass;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--out", description = "Also write every test image's score to this CSV (index, label, class,"
            + " score, anomaly, calibration, flagged) with a threshold chosen on normal images only (--fpr).")
    Path out;

    @Option(names = "--fpr", defaultValue = "0.05", description = "With --out: the threshold is the score that at most"
            + " this share of the calibration images (a seeded half of the normal test images) exceeds (default:"
            + " ${DEFAULT-VALUE}).")
    double fpr;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!(fpr >= 0 && fpr < 1)) {
            throw Args.bad(spec, "--fpr must be in [0, 1), found " + fpr);
        }
        if (out != null) {
            Args.outputFile(spec, "--out", out);
        }
        GenZooModel m = ModelRefs.load(spec, model);
        data.defaultFrom(model).validate(spec);
        int classes = data.numClasses();
        if (normalClass < 0 || normalClass >= classes) {
            throw Args.bad(spec, "--normal-class must be a class of " + data.name() + ", 0.." + (classes - 1)
                    + ", found " + normalClass);
        }
        ImageDataset test = data.splitFor(spec, m, Split.TEST);
        boolean image = m.inputShape().height() > 1;
        ImageDataSetIterator it = test.batch(500).layout(image ? Layout.IMAGE : Layout.FLAT).target(Target.LABELS)
                .iterator();
        double[] scores = new double[test.size()];
        boolean[] anomaly = new boolean[test.size()];
        int k = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            double[] s = score(m, ds.getFeatures()).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector();
            INDArray cls = ds.getLabels().argMax(1);
            for (int i = 0; i < s.length; i++, k++) {
                scores[k] = s[i];
                anomaly[k] = cls.getInt(i) != normalClass;
            }
        }
        double auroc = Ranking.auroc(scores, anomaly);
        double auprc = Ranking.auprc(scores, anomaly);
        PrintWriter w = spec.commandLine().getOut();
        ScoredCsv.Result scored = out == null ? null : ScoredCsv.write(out, test, scores, anomaly, fpr);
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("normalClass", normalClass);
            o.put("images", scores.length);
            o.put("auroc", auroc);
            o.put("auprc", auprc);
            o.put("protocol", "one-class: anomalies are the test images of classes other than " + normalClass
                    + " in " + test.name() + "; score = the model's anomaly score; AUPRC with anomalies positive");
            if (scored != null) {
                o.put("scores_csv", out.toString());
                o.put("threshold", scored.threshold());
                o.put("threshold_rule", "at most " + fpr + " of a seeded half of the normal test images score above it");
                o.put("held_out_false_positive_rate", scored.falsePositiveRate());
                o.put("held_out_recall", scored.recall());
            }
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            w.printf("%s, normal class %d, %d test images: AUROC %.4f, AUPRC %.4f%n", m.name(), normalClass,
                    scores.length, auroc, auprc);
            if (scored != null) {
                w.println(scored.text());
            }
        }
        w.flush();
        return 0;
    }

    private INDArray score(GenZooModel m, INDArray x) {
        return ModelRefs.require(spec, m, AnomalyScoring.class,
                "has no anomaly score; use an autoencoder or an unconditional VAE")
                .anomalyScore(x);
    }
}
