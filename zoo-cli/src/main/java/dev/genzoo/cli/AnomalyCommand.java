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
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import org.nd4j.linalg.api.buffer.DataType;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
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
 *
 * <p>Without {@code --normal-class}, {@code genzoo anomaly MODEL --data SPEC --out scored.csv} scores
 * new data: every row (or image) of {@code SPEC}, read as the model's card says (a table's columns and
 * scaling), flagged above the threshold {@code genzoo train} chose on held-out normal rows and recorded
 * on the card ({@value #THRESHOLD_METRIC}), or above {@code --threshold}.
 */
@Command(name = "anomaly", mixinStandardHelpOptions = true, description = "Score test images with a model trained"
        + " on one normal class and report AUROC and AUPRC of detecting the other classes; or, without --normal-class,"
        + " score new data (--data) against the threshold on the model's card.")
final class AnomalyCommand implements Callable<Integer> {
    /** The card metric {@code genzoo train} records for a model trained on one class or on own data. */
    static final String THRESHOLD_METRIC = "anomaly_threshold";
    /** The share of held-out normal examples above {@value #THRESHOLD_METRIC}. */
    static final double TRAIN_FPR = 0.05;

    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--normal-class", description = "The class the model was trained on: evaluate on the test split,"
            + " the other classes being the anomalies. Without it, score every example of --data against the card's"
            + " threshold (or --threshold).")
    Integer normalClass;

    @Option(names = "--threshold", description = "Without --normal-class: flag scores above this (default: the"
            + " threshold on the model's card, chosen by genzoo train on held-out normal examples).")
    Double threshold;

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
        if (normalClass == null) {
            return scoreNew(m);
        }
        if (threshold != null) {
            throw Args.bad(spec, "--threshold applies without --normal-class (scoring new data); with it, --out"
                    + " chooses a threshold on normal test examples (--fpr)");
        }
        int classes = data.numClasses();
        if (normalClass < 0 || normalClass >= classes) {
            throw Args.bad(spec, "--normal-class must be a class of " + data.name() + ", 0.." + (classes - 1)
                    + ", found " + normalClass);
        }
        ImageDataset test = data.splitFor(spec, m, Split.TEST);
        double[] scores = scores(score(m), test);
        boolean[] anomaly = new boolean[test.size()];
        for (int i = 0; i < anomaly.length; i++) {
            anomaly[i] = test.label(i) != normalClass;
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

    private AnomalyScoring score(GenZooModel m) {
        return ModelRefs.require(spec, m, AnomalyScoring.class,
                "has no anomaly score; use an autoencoder or an unconditional VAE");
    }

    /** The model's anomaly score of every example of {@code d}, in order, in batches of 500. */
    static double[] scores(AnomalyScoring m, ImageDataset d) {
        boolean image = m.inputShape().height() > 1;
        ImageDataSetIterator it = d.batch(500).layout(image ? Layout.IMAGE : Layout.FLAT).target(Target.LABELS)
                .iterator();
        double[] scores = new double[d.size()];
        int k = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            for (double v : m.anomalyScore(ds.getFeatures()).castTo(DataType.DOUBLE).toDoubleVector()) {
                scores[k++] = v;
            }
        }
        return scores;
    }

    /** Scores every example of --data against --threshold or the card's threshold; writes --out. */
    private int scoreNew(GenZooModel m) throws Exception {
        if (data.data == null) {
            throw Args.bad(spec, "give --normal-class K (the one-class protocol on the test split) or --data SPEC (new"
                    + " data to score against the model's threshold)");
        }
        AnomalyScoring scoring = score(m);
        double t;
        String rule;
        if (threshold != null) {
            if (!Double.isFinite(threshold)) {
                throw Args.bad(spec, "--threshold must be a finite number, found " + threshold);
            }
            t = threshold;
            rule = "--threshold";
        } else {
            ModelCard.Metric fromCard = cardThreshold();
            if (fromCard == null) {
                throw Args.bad(spec, m.name() + "'s card has no " + THRESHOLD_METRIC + " (genzoo train records one for"
                        + " a model trained on own data or on one class); give --threshold");
            }
            t = fromCard.value();
            rule = fromCard.protocol();
        }
        ImageDataset all = data.fitting(spec, m, data.all());
        double[] scores = scores(scoring, all);
        int flagged = 0;
        for (double v : scores) {
            flagged += v > t ? 1 : 0;
        }
        if (out != null) {
            CsvFiles.writeAtomically(out, "index,label,class,score,flagged", w -> {
                for (int i = 0; i < scores.length; i++) {
                    w.write(i + "," + all.label(i) + "," + CsvFiles.cell(all.classNames().get(all.label(i))) + ","
                            + (float) scores[i] + "," + (scores[i] > t));
                    w.newLine();
                }
            });
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("data", all.name());
            o.put("examples", scores.length);
            o.put("threshold", t);
            o.put("threshold_rule", rule);
            o.put("flagged", flagged);
            if (out != null) {
                o.put("scores_csv", out.toString());
            }
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            w.printf(java.util.Locale.ROOT, "%s: %d of %d examples of %s score above the threshold %.6g (%s)%n",
                    m.name(), flagged, scores.length, all.name(), t, rule);
            if (out != null) {
                w.printf("wrote %s%n", out);
            }
        }
        w.flush();
        return 0;
    }

    /** The threshold metric of the model's card (an artifact folder's), or null. */
    private ModelCard.Metric cardThreshold() {
        java.nio.file.Path dir = java.nio.file.Path.of(model);
        if (!java.nio.file.Files.isRegularFile(dir.resolve(ModelCard.FILE_NAME))) {
            return null;
        }
        try {
            return ModelArtifacts.readCard(dir).metrics().get(THRESHOLD_METRIC);
        } catch (dev.genzoo.core.weights.MalformedModelException e) {
            return null; // loading the model already reported a broken card
        }
    }
}
