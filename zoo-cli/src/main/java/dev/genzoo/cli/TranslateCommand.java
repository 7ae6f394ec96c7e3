package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.Split;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.Translator;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.viz.ImageGrid;
import dev.genzoo.core.viz.LabeledGrid;
import dev.genzoo.generative.cyclegan.CycleGanEvaluation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo translate MODEL --direction a2b|b2a --out grid.png}: test images of the source
 * domain through an image-to-image translator (CycleGAN), with rows input / translation / cycle
 * reconstruction, and the cycle's PSNR.
 */
@Command(name = "translate", mixinStandardHelpOptions = true, description = "Translate test images of one domain"
        + " into the other with a translator (cyclegan); writes rows input / translation / translated back and"
        + " reports the cycle's PSNR.")
final class TranslateCommand implements Callable<Integer> {
    @Parameters(paramLabel = "MODEL", description = "Artifact folder, or NAME:VARIANT (e.g. cyclegan:mnist-inverted).")
    String model;

    @Option(names = "--direction", defaultValue = "a2b", description = "a2b or b2a (default: ${DEFAULT-VALUE}).")
    String direction;

    @Mixin
    DataOptions data = new DataOptions();

    @Option(names = {"-n", "--count"}, defaultValue = "12", description = "Images to translate (default: ${DEFAULT-VALUE}).")
    int n;

    @Option(names = "--out", required = true, description = "PNG file to write.")
    Path out;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Args.atLeast(spec, "-n/--count", n, 1);
        Args.outputFile(spec, "--out", out);
        Direction d;
        try {
            d = Direction.of(direction);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, "--direction: " + e.getMessage());
        }
        GenZooModel m = ModelRefs.load(spec, model);
        Translator t = ModelRefs.require(spec, m, Translator.class, "does not translate between domains; use a"
                + " translator such as cyclegan:mnist-inverted");
        data.defaultFrom(model, m).validate(spec);
        if (data.data != null) {
            throw Args.bad(spec, "--data: " + m.name() + " translates between domains of " + t.dataset()
                    + "; its source images come from that data set (--dataset)");
        }
        if (!data.id().id().equals(t.dataset())) {
            throw Args.bad(spec, "--dataset " + data.id().id() + ": " + m.name() + " translates between domains of "
                    + t.dataset());
        }
        INDArray x;
        try {
            x = t.sourceImages(data.split(Split.TEST), d, n);
        } catch (IllegalArgumentException e) {
            throw Args.bad(spec, e.getMessage());
        }
        INDArray y = t.translate(x, d);
        INDArray back = t.translate(y, d.reverse());
        String from = d == Direction.A2B ? t.domainA() : t.domainB();
        String to = d == Direction.A2B ? t.domainB() : t.domainA();
        var img = LabeledGrid.render(List.of(x, y, back), List.of(from, "-> " + to, "-> back"), (int) x.size(2),
                -1, 1, 3);
        ImageGrid.writePng(img, out);
        double psnr = CycleGanEvaluation.psnr(back, x);
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.MAPPER.createObjectNode();
            o.put("model", m.name());
            o.put("direction", d.toString());
            o.put("from", from);
            o.put("to", to);
            o.put("images", x.size(0));
            o.put("cycle_psnr_db", psnr);
            o.put("out", out.toString());
            w.println(Json.MAPPER.writeValueAsString(o));
        } else {
            w.printf("%s, %d images %s (%s -> %s): cycle reconstruction PSNR %.2f dB%n", m.name(), x.size(0), d, from,
                    to, psnr);
            w.printf("wrote %s%n", out);
        }
        w.flush();
        return 0;
    }
}
