package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Noise;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Reconstructing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo reconstruct MODEL} and, with {@code --noise}, {@code genzoo denoise MODEL}:
 * test images, optionally corrupted, through an autoencoder or VAE; a PNG grid and PSNR figures.
 */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, description = "Reconstruct test images with an"
        + " autoencoder or VAE; writes rows original / reconstruction and reports SSE and PSNR.")
class ReconstructCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT.")
    String model;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = {"-n", "--count"}, defaultValue = "16", description = "Test images to use (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The corruption applied before reconstruction; none here. */
    Noise noise() {
        return Noise.none();
    }

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "-n/--count", n, 1);
        noise();
        Args.outputFile(spec, "--out", out);
        GenZooModel m = ModelRefs.load(spec, model);
        data.defaultFrom(model).validate(spec).requirePictures(spec, "reconstruct");
        ImageDataset d = data.splitFor(spec, m, Split.TEST);
        DataSet batch = Views.batch(m, d, n, noise(), 7);
        INDArray clean = batch.getLabels();
        INDArray input = batch.getFeatures();
        INDArray output = reconstruct(m, input);
        List<INDArray> rows = new ArrayList<>();
        int perRow = (int) Math.min(16, clean.size(0));
        rows.add(Views.rows(clean, perRow).get(0));
        if (input != clean) {
            rows.add(Views.rows(input, perRow).get(0));
        }
        rows.add(Views.rows(output, perRow).get(0));
        Views.png(rows, 0, d.height(), d.channels(), out);
        report(m, clean, input, output);
        return 0;
    }

    private INDArray reconstruct(GenZooModel m, INDArray x) {
        return ModelRefs.require(spec, m, Reconstructing.class,
                "does not reconstruct; use an autoencoder or an unconditional VAE")
                .reconstruct(x);
    }

    private void report(GenZooModel m, INDArray clean, INDArray input, INDArray output) throws Exception {
        double sse = Reconstruction.sse(clean, output).meanNumber().doubleValue();
        double psnr = Reconstruction.psnr(clean, output).meanNumber().doubleValue();
        boolean noisy = input != clean;
        double psnrNoisy = noisy ? Reconstruction.psnr(clean, input).meanNumber().doubleValue() : Double.NaN;
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("images", clean.size(0));
            o.put("out", out.toString());
            o.put("sse_per_image", sse);
            o.put("psnr_db", psnr);
            if (noisy) {
                o.put("noise", noise().toString());
                o.put("psnr_noisy_db", psnrNoisy);
            }
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            if (noisy) {
                w.printf("%s, %d images, %s: PSNR noisy %.2f dB -> output %.2f dB%n", m.name(), clean.size(0), noise(),
                        psnrNoisy, psnr);
            } else {
                w.printf("%s, %d images: SSE/image %.2f, PSNR %.2f dB%n", m.name(), clean.size(0), sse, psnr);
            }
            w.printf("wrote %s%n", out);
        }
        w.flush();
    }
}
