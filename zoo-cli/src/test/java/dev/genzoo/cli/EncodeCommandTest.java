package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Encoding;
import dev.genzoo.core.registry.ModelZoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@code genzoo encode}: the CSV holds the model's own codes of the images, in order, with their labels. */
class EncodeCommandTest {

    @Test
    void codesMatchTheLibrarysEncoder(@TempDir Path tmp) throws Exception {
        Path csv = tmp.resolve("codes/mnist.csv");
        CliTestSupport.Result r = CliTestSupport.run("encode", "autoencoder:mnist", "--bundled", "-n", "12", "--out",
                csv.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(13, lines.size());
        Encoding ae = ModelZoo.load("autoencoder:mnist");
        assertTrue(lines.get(0).startsWith("index,label,class,z0,") && lines.get(0).endsWith(",z"
                + (ae.latentSize() - 1)), lines.get(0));
        ImageDataset mnist = Datasets.bundled(DatasetId.MNIST);
        INDArray z = ae.encode(mnist.batch(12).iterator().next().getFeatures()).castTo(DataType.DOUBLE);
        for (int i = 0; i < 12; i++) {
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(String.valueOf(i), cells[0]);
            assertEquals(mnist.label(i), Integer.parseInt(cells[1]));
            assertEquals(3 + ae.latentSize(), cells.length);
            for (int j = 0; j < ae.latentSize(); j++) {
                assertEquals(z.getDouble(i, j), Double.parseDouble(cells[3 + j]), 1e-5 * Math.max(1,
                        Math.abs(z.getDouble(i, j))), "row " + i + " z" + j);
            }
        }
        try (var files = Files.list(csv.getParent())) {
            assertEquals(List.of(csv), files.toList(), "no temporary file left");
        }
    }

    @Test
    void refusesModelsWithoutACodeSpaceAndBadSplits(@TempDir Path tmp) {
        Path csv = tmp.resolve("c.csv");
        CliTestSupport.Result r = CliTestSupport.run("encode", "gan-mlp:mnist", "--bundled", "--out", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("code space"), r.err());
        r = CliTestSupport.run("encode", "autoencoder:mnist", "--bundled", "--split", "val", "--out", csv.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--split"), r.err());
        assertFalse(Files.exists(csv));
    }
}
