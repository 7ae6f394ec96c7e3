package dev.genzoo.examples.notebook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executes every notebook in {@code notebooks/} through {@link NotebookRunner} (JShell, local
 * engine, the module's test classpath) and checks the outputs; plus the runner's own behaviour on
 * broken cells, magics and invalid files.
 */
class NotebookExecutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NOTEBOOKS = Path.of("..", "notebooks");
    /** Bound on one notebook's run time here (measured about 15 s each on 2 shared cores). */
    private static final double MAX_SECONDS = 120;

    private static NotebookRunner runner;

    @BeforeAll
    static void runner() {
        runner = NotebookRunner.withCurrentClasspath();
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRuns() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "notebooks found: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            NotebookRunner.Result r = runner.run(f);
            assertTrue(r.seconds() < MAX_SECONDS, f + " took " + r.seconds() + " s");
            ObjectNode nb = r.notebook();
            String stdout = text(nb, "stream");
            List<BufferedImage> images = images(nb);
            assertFalse(images.isEmpty(), f + " shows no image");
            for (BufferedImage img : images) {
                assertTrue(img.getWidth() > 28 && img.getHeight() > 28);
            }
            for (JsonNode c : nb.path("cells")) {
                if ("code".equals(c.path("cell_type").asText())) {
                    assertTrue(c.path("execution_count").isInt());
                }
            }
            String name = f.getFileName().toString();
            if (name.startsWith("01-")) {
                Matcher m = find(stdout, "SSE/image PCA ([0-9.]+), autoencoder ([0-9.]+)");
                double pca = Double.parseDouble(m.group(1));
                double ae = Double.parseDouble(m.group(2));
                assertTrue(ae < pca, "autoencoder " + ae + " should beat PCA " + pca);
            } else if (name.startsWith("02-")) {
                Matcher m = find(stdout, "PSNR noisy ([0-9.]+) dB -> denoised ([0-9.]+) dB");
                assertTrue(Double.parseDouble(m.group(2)) > Double.parseDouble(m.group(1)), m.group());
                double auroc = Double.parseDouble(find(stdout, "AUROC ([0-9.]+)").group(1));
                assertTrue(auroc > 0.7, "AUROC " + auroc);
            } else if (name.startsWith("03-")) {
                double nelbo = Double.parseDouble(find(stdout, "negative ELBO .*: ([0-9.]+) nats").group(1));
                assertTrue(nelbo > 50 && nelbo < 200, "negative ELBO " + nelbo);
                assertTrue(images.size() >= 3, "VAE samples, interpolation and GAN samples");
            } else if (name.startsWith("04-")) {
                Matcher m = find(stdout, "sparse ([0-9.]+) \\(target 0.05\\), unregularized ([0-9.]+)");
                assertTrue(Double.parseDouble(m.group(1)) < Double.parseDouble(m.group(2)), m.group());
                m = find(stdout, "contractive ([0-9.]+), unpenalized ([0-9.]+)");
                assertTrue(Double.parseDouble(m.group(1)) < Double.parseDouble(m.group(2)), m.group());
            } else if (name.startsWith("05-")) {
                double share = Double.parseDouble(find(stdout, "the digit asked for: ([0-9.]+)").group(1));
                assertTrue(share > 0.5, "conditional accuracy " + share);
                double recall = Double.parseDouble(find(stdout, "\\nrecall +([0-9.]+)").group(1));
                double collapsedRecall = Double.parseDouble(find(stdout, "collapsed: .*recall ([0-9.]+)").group(1));
                assertTrue(collapsedRecall < recall, "collapse shows in recall: " + collapsedRecall + " vs " + recall);
            } else if (name.startsWith("06-")) {
                Matcher m = find(stdout, "real digits (-?[0-9.]+), random binary images (-?[0-9.]+)");
                assertTrue(Double.parseDouble(m.group(1)) < Double.parseDouble(m.group(2)), m.group());
            }
        }));
    }

    @Test
    void committedNotebooksCarryTheirOutputs() throws Exception {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".ipynb")).toList()) {
                JsonNode nb = JSON.readTree(f.toFile());
                NotebookRunner.validate(nb, f);
                assertFalse(images(nb).isEmpty(), f + " was committed without its outputs (regenerate: notebooks/README.md)");
            }
        }
    }

    @Test
    void aCompileErrorFailsTheRunNamingTheCell(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "int x = 1;", "System.out.println(undefinedVariable);");
        NotebookRunner.CellFailure e = assertThrows(NotebookRunner.CellFailure.class, () -> runner.run(f));
        assertEquals(2, e.cell());
        assertTrue(e.getMessage().contains("code cell 2") && e.getMessage().contains("undefinedVariable"),
                e.getMessage());
    }

    @Test
    void anExceptionFailsTheRunWithItsMessage(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "System.out.println(\"ok\");", "String s = \"a\";",
                "if (s.length() == 1) throw new IllegalStateException(\"broken on purpose\");");
        NotebookRunner.CellFailure e = assertThrows(NotebookRunner.CellFailure.class, () -> runner.run(f));
        assertEquals(3, e.cell());
        assertTrue(e.getMessage().contains("IllegalStateException") && e.getMessage().contains("broken on purpose"),
                e.getMessage());
    }

    @Test
    void aCellThatPrintsAnErrorFails(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "System.err.println(\"WARN only a warning\");",
                "new IllegalArgumentException(\"swallowed\").printStackTrace();");
        NotebookRunner.CellFailure e = assertThrows(NotebookRunner.CellFailure.class, () -> runner.run(f));
        assertEquals(2, e.cell());
        assertTrue(e.getMessage().contains("printed an error"), e.getMessage());
        assertEquals(null, NotebookRunner.printedError("[main] WARN org.nd4j - slow\n"));
        assertTrue(NotebookRunner.printedError("[main] ERROR org.nd4j - failed\n") != null);
    }

    @Test
    void anIncompleteCellFails(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "int y = (1 +");
        assertEquals(1, assertThrows(NotebookRunner.CellFailure.class, () -> runner.run(f)).cell());
    }

    @Test
    void magicLinesAreSetUpAndCellsShareState(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "%maven org.nd4j:nd4j-native:1.0.0-M2.1\n%jars /nowhere/*.jar\nint a = 20;",
                "int b = a + 1; System.out.println(\"b=\" + b);\nSystem.out.println(b * 2);",
                "dev.genzoo.examples.notebook.Show.png(new java.awt.image.BufferedImage(40, 30, "
                        + "java.awt.image.BufferedImage.TYPE_INT_RGB));");
        ObjectNode nb = runner.run(f).notebook();
        assertEquals("b=21\n42\n", text(nb, "stream"));
        List<BufferedImage> imgs = images(nb);
        assertEquals(1, imgs.size());
        assertEquals(40, imgs.get(0).getWidth());
        NotebookRunner.write(nb, dir.resolve("out.ipynb"));
        NotebookRunner.validate(JSON.readTree(dir.resolve("out.ipynb").toFile()), f);
    }

    @Test
    void aNotebookForAnotherKernelIsRejected(@TempDir Path dir) throws Exception {
        Path f = notebook(dir, "int a = 1;");
        ObjectNode nb = (ObjectNode) JSON.readTree(f.toFile());
        ((ObjectNode) nb.path("metadata").path("kernelspec")).put("name", "python3");
        assertThrows(IllegalArgumentException.class, () -> NotebookRunner.validate(nb, f));
    }

    private static Path notebook(Path dir, String... cells) throws Exception {
        ObjectNode nb = JSON.createObjectNode();
        ArrayNode cs = nb.putArray("cells");
        cs.addObject().put("cell_type", "markdown").put("source", "# test").putObject("metadata");
        for (String c : cells) {
            ObjectNode cell = cs.addObject();
            cell.put("cell_type", "code").put("source", c).putObject("metadata");
            cell.putArray("outputs");
            cell.putNull("execution_count");
        }
        ObjectNode ks = nb.putObject("metadata").putObject("kernelspec");
        ks.put("name", "java").put("display_name", "Java").put("language", "java");
        nb.put("nbformat", 4).put("nbformat_minor", 4);
        Path f = dir.resolve("t.ipynb");
        Files.writeString(f, JSON.writeValueAsString(nb));
        return f;
    }

    private static String text(JsonNode nb, String type) {
        StringBuilder b = new StringBuilder();
        for (JsonNode c : nb.path("cells")) {
            for (JsonNode o : c.path("outputs")) {
                if (type.equals(o.path("output_type").asText()) && "stdout".equals(o.path("name").asText())) {
                    o.path("text").forEach(t -> b.append(t.asText()));
                }
            }
        }
        return b.toString();
    }

    private static List<BufferedImage> images(JsonNode nb) throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        for (JsonNode c : nb.path("cells")) {
            for (JsonNode o : c.path("outputs")) {
                JsonNode png = o.path("data").path("image/png");
                if (!png.isMissingNode()) {
                    BufferedImage img = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.asText())));
                    assertNotNull(img, "image/png output does not decode");
                    out.add(img);
                }
            }
        }
        return out;
    }

    private static Matcher find(String s, String regex) {
        Matcher m = Pattern.compile(regex).matcher(s);
        assertTrue(m.find(), "no line matching /" + regex + "/ in:\n" + s);
        return m;
    }
}
