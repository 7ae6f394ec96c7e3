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
 * Executes every notebook in {@code notebooks/} and checks the outputs: on the real IJava kernel
 * ({@link KernelRunner}) where Jupyter and the kernelspec are installed (CI installs them, and sets
 * {@code GENZOO_NOTEBOOK_KERNEL=required} so a missing kernel fails instead of falling back), else
 * through {@link NotebookRunner} (JShell, the module's test classpath). The committed outputs must
 * come from the kernel and match what the current code prints. Plus the runners' own behaviour on
 * broken cells, magics and invalid files.
 */
class NotebookExecutionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path NOTEBOOKS = Path.of("..", "notebooks");

    /** Whether the notebook's first code cell resolves GenZoo itself ({@code %maven dev.genzoo:...}). */
    static boolean setsItselfUp(Path f) throws Exception {
        for (JsonNode c : JSON.readTree(f.toFile()).path("cells")) {
            if ("code".equals(c.path("cell_type").asText())) {
                StringBuilder b = new StringBuilder();
                c.path("source").forEach(x -> b.append(x.asText()));
                if (c.path("source").isTextual()) {
                    b.append(c.path("source").asText());
                }
                return b.toString().strip().startsWith("%maven dev.genzoo:");
            }
        }
        return false;
    }

    /** Relative and absolute tolerance between a committed figure and the one the current code prints. */
    private static final double REL_TOL = 0.01;
    private static final double ABS_TOL = 0.01;

    private static NotebookRunner runner;
    private static KernelRunner kernel;

    @BeforeAll
    static void runner() {
        runner = NotebookRunner.withCurrentClasspath();
        String mode = System.getenv().getOrDefault("GENZOO_NOTEBOOK_KERNEL", "auto");
        var why = KernelRunner.unavailableReason();
        if ("required".equals(mode) && why.isPresent()) {
            throw new IllegalStateException("GENZOO_NOTEBOOK_KERNEL=required but " + why.get());
        }
        kernel = why.isEmpty() && !"off".equals(mode) ? KernelRunner.withCurrentClasspath() : null;
        System.out.println(kernel != null ? "notebooks run on the IJava kernel (" + KernelRunner.JUPYTER + ")"
                : "notebooks run through the JShell runner: " + why.orElse("GENZOO_NOTEBOOK_KERNEL=off"));
    }

    @TestFactory
    Stream<DynamicTest> everyNotebookRuns() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            files = s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertTrue(files.size() >= 3, "notebooks found: " + files);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            if (kernel != null && setsItselfUp(f)) {
                // resolves the installed zoo with %maven: .ci/run executes it on the kernel after `mvn install`
                System.out.println("notebook " + f.getFileName() + ": sets itself up with %maven; run after install");
                return;
            }
            NotebookRunner.Result r = kernel != null ? kernel.run(f) : runner.run(f);
            System.out.printf("notebook %s: %d code cells, %.1f s on the %s: OK%n", f.getFileName(),
                    r.cellSeconds().size(), r.seconds(), kernel != null ? "IJava kernel" : "JShell runner");
            // no bound on the time: a timed assertion fails on a loaded machine (08-stylegan took 127 s beside a
            // training); a hung cell is stopped by the kernel's per-cell timeout (KernelRunner)
            ObjectNode nb = r.notebook();
            assertCommittedFiguresMatch(f, JSON.readTree(f.toFile()), nb);
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
            } else if (name.startsWith("07-")) {
                Matcher m = find(stdout, "a2b PSNR ([0-9.]+) dB \\(identity ([0-9.]+) dB\\)");
                assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(2)) + 10, m.group());
                double kept = Double.parseDouble(find(stdout, "digits kept: ([0-9.]+)").group(1));
                assertTrue(kept > 0.9, "digits kept " + kept);
                m = find(stdout, "ankle boots: ([0-9.]+) after translation, ([0-9.]+) before");
                assertTrue(Double.parseDouble(m.group(1)) > Double.parseDouble(m.group(2)), m.group());
                assertTrue(images.size() >= 2, "the two translation grids");
            } else if (name.startsWith("08-")) {
                Matcher one = find(stdout, "psi 1.0: precision ([0-9.]+) recall ([0-9.]+) FID ([0-9.]+)");
                Matcher half = find(stdout, "psi 0.5: precision ([0-9.]+) recall ([0-9.]+) FID ([0-9.]+)");
                // measured on the card: precision moves little (0.72 to 0.74), recall and FID much (0.57 to 0.32, 30 to 105)
                assertTrue(Double.parseDouble(half.group(2)) < Double.parseDouble(one.group(2)),
                        "truncation lowers recall: " + one.group() + " / " + half.group());
                assertTrue(Double.parseDouble(half.group(3)) > Double.parseDouble(one.group(3)),
                        "truncation moves the samples away from the data's spread: " + one.group() + " / " + half.group());
                assertTrue(stdout.contains("crossover at layer 2: A's digit"), stdout);
                Matcher clothes = find(stdout, "fashion psi 1.0: precision ([0-9.]+) recall ([0-9.]+) FID ([0-9.]+)");
                Matcher clothes7 = find(stdout, "fashion psi 0.7: precision ([0-9.]+) recall ([0-9.]+) FID ([0-9.]+)");
                // the card (2,000 samples): recall 0.264 at psi 1, 0.134 at 0.7
                assertTrue(Double.parseDouble(clothes7.group(2)) < Double.parseDouble(clothes.group(2)),
                        "truncation lowers the clothes' recall: " + clothes.group() + " / " + clothes7.group());
                assertTrue(images.size() >= 5, "samples, two mixing grids, the noise pictures, the clothes");
            } else if (name.startsWith("09-")) {
                assertTrue(stdout.contains("(150 images 28x28, 3 classes)"), "the folder read back: " + stdout);
                Matcher m = find(stdout, "epoch loss ([0-9.]+) -> ([0-9.]+)");
                assertTrue(Double.parseDouble(m.group(2)) < 0.5 * Double.parseDouble(m.group(1)), m.group());
                m = find(stdout, "AUROC autoencoder ([0-9.]+), PCA ([0-9.]+), kNN ([0-9.]+)");
                double ae = Double.parseDouble(m.group(1));
                assertTrue(ae > 0.9 && ae > Double.parseDouble(m.group(2)), "the curved relation: " + m.group());
                assertTrue(stdout.contains("line 3 column 1 ('pressure'): 'n/a' is not a number"), stdout);
                assertTrue(images.size() >= 2, "the folder's digits and their reconstructions");
            } else if (name.startsWith("06-")) {
                Matcher m = find(stdout, "real digits (-?[0-9.]+), random binary images (-?[0-9.]+)");
                assertTrue(Double.parseDouble(m.group(1)) < Double.parseDouble(m.group(2)), m.group());
            }
        }));
    }

    @Test
    void committedNotebooksCarryTheirKernelOutputs() throws Exception {
        try (Stream<Path> s = Files.list(NOTEBOOKS)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".ipynb")).toList()) {
                JsonNode nb = JSON.readTree(f.toFile());
                NotebookRunner.validate(nb, f);
                assertFalse(images(nb).isEmpty(), f + " was committed without its outputs (regenerate: notebooks/README.md)");
                assertEquals(KernelRunner.EXECUTED_BY, nb.path("metadata").path("genzoo").path("executed_by").asText(),
                        f + ": the committed outputs were not produced on the IJava kernel (regenerate: notebooks/README.md)");
                JsonNode language = nb.path("metadata").path("language_info");
                assertTrue("java".equalsIgnoreCase(language.path("name").asText()) && !language.path("version").asText()
                        .isEmpty(), f + ": language_info " + language + " is not the kernel's");
                int cell = 0;
                for (JsonNode c : nb.path("cells")) {
                    if ("code".equals(c.path("cell_type").asText())) {
                        cell++;
                        assertTrue(c.path("execution_count").isInt(), f + " code cell " + cell + " was not executed");
                    }
                }
            }
        }
    }

    /**
     * Every figure printed in a committed code cell equals, within {@link #REL_TOL} / {@link #ABS_TOL},
     * the one the current code prints in the same cell: committed outputs cannot go stale. Numbers
     * followed by {@code s} or {@code ms} (timings) are left out.
     */
    static void assertCommittedFiguresMatch(Path f, JsonNode committed, JsonNode fresh) {
        List<List<Double>> a = figures(committed);
        List<List<Double>> b = figures(fresh);
        assertEquals(b.size(), a.size(), f + ": code cells");
        for (int i = 0; i < a.size(); i++) {
            String where = f.getFileName() + " code cell " + (i + 1) + ": committed " + a.get(i) + ", current code "
                    + b.get(i) + " (stale outputs? regenerate: notebooks/README.md)";
            assertEquals(b.get(i).size(), a.get(i).size(), where);
            for (int k = 0; k < a.get(i).size(); k++) {
                double x = a.get(i).get(k);
                double y = b.get(i).get(k);
                assertTrue(Math.abs(x - y) <= ABS_TOL + REL_TOL * Math.abs(y), where);
            }
        }
    }

    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d++(?:\\.\\d++)?+(?:[eE][-+]?\\d++)?+(?!\\s*m?s\\b)");

    /** Per code cell, the numbers in its standard output. */
    static List<List<Double>> figures(JsonNode nb) {
        List<List<Double>> out = new ArrayList<>();
        for (JsonNode c : nb.path("cells")) {
            if (!"code".equals(c.path("cell_type").asText())) {
                continue;
            }
            StringBuilder b = new StringBuilder();
            for (JsonNode o : c.path("outputs")) {
                if ("stream".equals(o.path("output_type").asText()) && "stdout".equals(o.path("name").asText())) {
                    JsonNode t = o.path("text");
                    if (t.isArray()) {
                        t.forEach(x -> b.append(x.asText()));
                    } else {
                        b.append(t.asText());
                    }
                }
            }
            List<Double> nums = new ArrayList<>();
            Matcher m = NUMBER.matcher(b);
            while (m.find()) {
                nums.add(Double.parseDouble(m.group()));
            }
            out.add(nums);
        }
        return out;
    }

    /** The README's third route: no IJAVA_CLASSPATH, the zoo's jars named in a first {@code %jars} cell. */
    @Test
    void magicJarsRouteRunsOnTheKernel(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kernel != null, "no IJava kernel here");
        String jars = java.util.Arrays.stream(NotebookRunner.currentClasspath().split(java.io.File.pathSeparator))
                .filter(e -> !e.isBlank()).map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(" "));
        Path f = notebook(dir, "%jars " + jars, "System.out.println(\"models: \" + "
                + "dev.genzoo.core.registry.ModelZoo.list().size() + \", backend \" + "
                + "org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName());");
        ObjectNode nb = new KernelRunner("").run(f).notebook();
        Matcher m = find(text(nb, "stream"), "models: (\\d+), backend CpuBackend");
        assertTrue(Integer.parseInt(m.group(1)) >= 15, m.group());
    }

    @Test
    void figureComparisonCatchesAChangedFigureAndIgnoresTimings() throws Exception {
        JsonNode a = JSON.readTree("{\"cells\":[{\"cell_type\":\"code\",\"outputs\":[{\"output_type\":\"stream\","
                + "\"name\":\"stdout\",\"text\":[\"128 steps in 2.2 s, loss 127.62\\n\"]}]}]}");
        JsonNode sameButSlower = JSON.readTree(a.toString().replace("2.2 s", "3.9 s"));
        JsonNode changed = JSON.readTree(a.toString().replace("127.62", "131.40"));
        assertEquals(List.of(List.of(128.0, 127.62)), figures(a));
        assertCommittedFiguresMatch(Path.of("x.ipynb"), a, sameButSlower);
        assertThrows(AssertionError.class, () -> assertCommittedFiguresMatch(Path.of("x.ipynb"), a, changed));
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
