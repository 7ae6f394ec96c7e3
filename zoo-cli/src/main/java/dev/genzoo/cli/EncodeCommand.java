package dev.genzoo.cli;

import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.model.GenZooModel;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo encode MODEL --out codes.csv}: dimensionality reduction with a model's code space
 * (an autoencoder's code, a VAE's posterior mean): one CSV row per image of the chosen split
 * (index, label, class name, then the code), for a plot or another tool, written whole or not at all
 * ({@link CsvFiles}).
 */
@Command(name = "encode", mixinStandardHelpOptions = true, description = "Write the latent codes of a data set's"
        + " images (an autoencoder's code, a VAE's posterior mean) as CSV: index, label, class, z0..zk.")
final class EncodeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = "--split", defaultValue = "test", description = "train or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = {"-n", "--count"}, defaultValue = "0", description = "First N images only (default: 0 = all).")
    int n;

    @Option(names = "--out", required = true, description = "CSV file to write.")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "-n/--count", n, 0);
        Split which = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw Args.bad(spec, "--split must be train or test, found '" + split + "'");
        };
        Args.outputFile(spec, "--out", out);
        GenZooModel m = ModelRefs.load(spec, model);
        Encoding enc = ModelRefs.require(spec, m, Encoding.class,
                "has no code space to encode into; use an autoencoder or a VAE");
        data.defaultFrom(model).validate(spec);
        ImageDataset d = data.splitFor(spec, m, which);
        if (n > 0 && n < d.size()) {
            d = d.select(java.util.stream.IntStream.range(0, n).toArray());
        }
        boolean image = m.inputShape().height() > 1;
        StringBuilder header = new StringBuilder("index,label,class");
        for (int j = 0; j < enc.latentSize(); j++) {
            header.append(",z").append(j);
        }
        ImageDataset codes = d;
        CsvFiles.writeAtomically(out, header.toString(), w -> {
            ImageDataSetIterator it = codes.batch(500).layout(image ? Layout.IMAGE : Layout.FLAT).iterator();
            int row = 0;
            while (it.hasNext()) {
                INDArray z = enc.encode(it.next().getFeatures()).castTo(DataType.DOUBLE);
                for (int i = 0; i < z.size(0); i++, row++) {
                    StringBuilder line = new StringBuilder().append(row).append(',').append(codes.label(row))
                            .append(',').append(CsvFiles.cell(codes.classNames().get(codes.label(row))));
                    for (double v : z.getRow(i).toDoubleVector()) {
                        line.append(',').append((float) v);
                    }
                    w.write(line.toString());
                    w.newLine();
                }
            }
        });
        spec.commandLine().getOut().println("wrote " + out + ": " + d.size() + " codes of " + enc.latentSize()
                + " values (" + d.name() + ")");
        return 0;
    }
}
