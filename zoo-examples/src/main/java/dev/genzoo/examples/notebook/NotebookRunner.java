package dev.genzoo.examples.notebook;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.Settings;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Executes the code cells of Jupyter notebooks written for the IJava kernel, the way IJava does:
 * through the JDK's JShell API with the in-process ("local") execution engine, cell after cell in
 * one shell, with GenZoo's classpath. Each cell's standard output and error become {@code stream}
 * outputs and every image passed to {@link Show#png} a {@code display_data} output with
 * {@code image/png}; the notebook can then be written back with its outputs.
 *
 * <p>IJava magic lines ({@code %maven}, {@code %jars}, {@code %classpath}, {@code %%loadFromPOM},
 * ...) put libraries on the kernel's classpath; here the classpath is already GenZoo's, so they are
 * skipped. A cell that does not compile, throws, or is left incomplete fails the run with a
 * {@link CellFailure} naming the cell (1-based, counting code cells) and the message.
 *
 * <pre>
 * java -cp "zoo-examples/target/classes:$(cat zoo-examples/target/classpath.txt)" \
 *     dev.genzoo.examples.notebook.NotebookRunner notebooks/*.ipynb --in-place
 * </pre>
 *
 * Without {@code --in-place} the notebooks are executed and checked but not rewritten; {@code
 * --out DIR} writes the executed copies to DIR.
 */
public final class NotebookRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String classpath;

    /** A runner whose cells see {@code classpath} (entries separated by {@link File#pathSeparator}). */
    public NotebookRunner(String classpath) {
        this.classpath = classpath;
    }

    /** A runner with this JVM's classpath (expanded from a manifest-only jar, as surefire's booter). */
    public static NotebookRunner withCurrentClasspath() {
        return new NotebookRunner(currentClasspath());
    }

    /** A code cell that did not compile, threw or was incomplete. */
    public static final class CellFailure extends RuntimeException {
        private final int cell;

        public CellFailure(Path notebook, int cell, String message) {
            super(notebook.getFileName() + ": code cell " + cell + " failed: " + message);
            this.cell = cell;
        }

        /** 1-based number of the failing code cell. */
        public int cell() {
            return cell;
        }
    }

    /** Result of a run: the notebook with its outputs, and the wall time of each code cell. */
    public record Result(ObjectNode notebook, List<Double> cellSeconds) {
        public double seconds() {
            return cellSeconds.stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    /** Checks that {@code nb} is an nbformat 4 notebook for the {@code java} kernel; throws otherwise. */
    public static void validate(JsonNode nb, Path file) {
        List<String> problems = new ArrayList<>();
        if (nb.path("nbformat").asInt(-1) != 4) {
            problems.add("nbformat is not 4");
        }
        JsonNode ks = nb.path("metadata").path("kernelspec");
        if (!"java".equals(ks.path("name").asText()) || !"java".equals(ks.path("language").asText())) {
            problems.add("kernelspec is not {name: java, language: java}");
        }
        if (!nb.path("cells").isArray()) {
            problems.add("no cells array");
        }
        for (JsonNode c : nb.path("cells")) {
            String type = c.path("cell_type").asText();
            if (!List.of("code", "markdown", "raw").contains(type)) {
                problems.add("unknown cell_type " + type);
            }
            if (nb.path("nbformat_minor").asInt() >= 5 && !c.hasNonNull("id")) {
                problems.add("nbformat 4.5+ cell without id");
            }
            if (!c.has("source") || !c.has("metadata")) {
                problems.add("cell without source or metadata");
            }
            if ("code".equals(type) && !c.path("outputs").isArray()) {
                problems.add("code cell without outputs array");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + " is not a valid nbformat 4 java notebook: " + problems);
        }
    }

    /** Reads, validates and executes the notebook at {@code file}. */
    public Result run(Path file) throws IOException {
        ObjectNode nb = (ObjectNode) JSON.readTree(file.toFile());
        validate(nb, file);
        List<Double> times = new ArrayList<>();
        PrintStream realOut = System.out;
        PrintStream realErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<BufferedImage> images = new ArrayList<>();
        try (JShell shell = JShell.builder().executionEngine("local").out(new PrintStream(out, true,
                StandardCharsets.UTF_8)).err(new PrintStream(err, true, StandardCharsets.UTF_8)).build()) {
            shell.addToClasspath(classpath);
            SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
            int n = 0;
            Show.sink(images::add);
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            for (JsonNode c : nb.path("cells")) {
                if (!"code".equals(c.path("cell_type").asText())) {
                    continue;
                }
                n++;
                ObjectNode cell = (ObjectNode) c;
                out.reset();
                err.reset();
                images.clear();
                long t0 = System.nanoTime();
                String failure = runCell(shell, analysis, stripMagics(text(cell.get("source"))));
                times.add((System.nanoTime() - t0) / 1e9);
                System.out.flush();
                System.err.flush();
                if (failure == null) {
                    failure = printedError(err.toString(StandardCharsets.UTF_8));
                }
                if (failure != null) {
                    String printed = err.toString(StandardCharsets.UTF_8).strip();
                    throw new CellFailure(file, n, failure + (printed.isEmpty() ? "" : "\nstderr:\n" + tail(printed)));
                }
                ArrayNode outputs = JSON.createArrayNode();
                addStream(outputs, "stdout", out.toString(StandardCharsets.UTF_8));
                addStream(outputs, "stderr", err.toString(StandardCharsets.UTF_8));
                for (BufferedImage img : images) {
                    ObjectNode d = outputs.addObject();
                    d.put("output_type", "display_data");
                    ObjectNode data = d.putObject("data");
                    data.put("image/png", Base64.getEncoder().encodeToString(Show.pngBytes(img)));
                    data.put("text/plain", "<image " + img.getWidth() + "x" + img.getHeight() + ">");
                    d.putObject("metadata");
                }
                cell.set("outputs", outputs);
                cell.put("execution_count", n);
            }
        } finally {
            Show.sink(null);
            System.setOut(realOut);
            System.setErr(realErr);
        }
        return new Result(nb, times);
    }

    /** Evaluates one cell's source snippet by snippet; the failure message, or null. */
    private static String runCell(JShell shell, SourceCodeAnalysis analysis, String source) {
        String remaining = source;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) {
                return "incomplete snippet: " + firstLine(remaining);
            }
            for (SnippetEvent e : shell.eval(info.source())) {
                String f = failure(shell, e);
                if (f != null) {
                    return f;
                }
            }
            remaining = info.remaining();
        }
        return null;
    }

    private static String failure(JShell shell, SnippetEvent e) {
        if (e.causeSnippet() != null) {
            return null; // an update of a dependent snippet, not the one evaluated
        }
        Snippet s = e.snippet();
        if (e.status() == Snippet.Status.REJECTED) {
            String diags = shell.diagnostics(s).filter(Diag::isError).map(d -> d.getMessage(null))
                    .collect(Collectors.joining("; "));
            return "compile error in `" + firstLine(s.source()) + "`: " + diags;
        }
        if (e.exception() != null) {
            Throwable t = e.exception();
            String name = t instanceof EvalException ee ? ee.getExceptionClassName() : t.getClass().getName();
            if (t instanceof UnresolvedReferenceException u) {
                return "unresolved reference in `" + firstLine(u.getSnippet().source()) + "`";
            }
            String msg = name + ": " + t.getMessage();
            for (Throwable c = t.getCause(); c != null; c = c.getCause()) {
                String cn = c instanceof EvalException ce ? ce.getExceptionClassName() : c.getClass().getName();
                msg += "\ncaused by " + cn + ": " + c.getMessage();
            }
            return msg;
        }
        return null;
    }

    /**
     * A line of standard error that reports an error: an uncaught-exception trace
     * ({@code Exception in thread}, {@code ...Exception:} or {@code ...Error:} at the start of a line)
     * or an SLF4J {@code ERROR} line; null when there is none. Warnings pass.
     */
    static String printedError(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("Exception in thread")
                || l.matches("^[\\w.$]+(Exception|Error)(: .*)?$") || l.matches("^(\\[[^\\]]*\\] )?ERROR .*"))
                .findFirst().map(l -> "printed an error: " + firstLine(l)).orElse(null);
    }

    /**
     * The source with IJava magic lines ({@code %...}) and a {@code %%} cell-magic header blanked (line
     * numbers kept); a cell of magics only becomes blank and runs nothing.
     */
    static String stripMagics(String source) {
        return source.lines().map(l -> l.stripLeading().startsWith("%") ? "" : l).collect(Collectors.joining("\n"));
    }

    private static String text(JsonNode source) {
        if (source == null) {
            return "";
        }
        if (source.isArray()) {
            StringBuilder b = new StringBuilder();
            source.forEach(x -> b.append(x.asText()));
            return b.toString();
        }
        return source.asText();
    }

    private static void addStream(ArrayNode outputs, String name, String text) {
        if (text.isEmpty()) {
            return;
        }
        ObjectNode o = outputs.addObject();
        o.put("output_type", "stream");
        o.put("name", name);
        ArrayNode lines = o.putArray("text");
        text.lines().forEach(l -> lines.add(l + "\n"));
    }

    private static String firstLine(String s) {
        String l = s.strip().lines().findFirst().orElse("");
        return l.length() > 100 ? l.substring(0, 100) + "..." : l;
    }

    private static String tail(String s) {
        return s.length() > 2000 ? "..." + s.substring(s.length() - 2000) : s;
    }

    /** Writes {@code nb} as Jupyter does (one-space indent, trailing newline). */
    public static void write(JsonNode nb, Path file) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER).withObjectEmptySeparator("")
                .withArrayEmptySeparator("")).withObjectIndenter(new DefaultIndenter(" ", "\n"))
                .withArrayIndenter(new DefaultIndenter(" ", "\n"));
        Files.writeString(file, JSON.writer(pp).writeValueAsString(nb) + "\n");
    }

    /**
     * This JVM's classpath: {@code genzoo.notebook.classpath} if set, else {@code java.class.path}
     * with a manifest-only jar (surefire's booter) replaced by its {@code Class-Path} entries.
     */
    public static String currentClasspath() {
        String cp = System.getProperty("genzoo.notebook.classpath");
        if (cp != null && !cp.isBlank()) {
            return cp;
        }
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(e);
            if (e.endsWith(".jar") && Files.isRegularFile(Path.of(e))) {
                try (JarFile jar = new JarFile(e)) {
                    Manifest m = jar.getManifest();
                    String extra = m == null ? null : m.getMainAttributes().getValue("Class-Path");
                    if (extra != null) {
                        Path base = Path.of(e).toAbsolutePath().getParent();
                        for (String u : extra.trim().split("\\s+")) {
                            entries.add(u.startsWith("file:") ? Path.of(java.net.URI.create(u)).toString()
                                    : base.resolve(u).toString());
                        }
                    }
                } catch (IOException | IllegalArgumentException ignored) {
                    // not a readable jar: keep the entry as it is
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code NotebookRunner NOTEBOOK... [--in-place | --out DIR]}: runs each notebook, prints cell times. */
    public static void main(String[] args) throws IOException {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", Settings.current().logLevel().id());
        }
        List<Path> files = new ArrayList<>();
        boolean inPlace = false;
        Path outDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-place" -> inPlace = true;
                case "--out" -> outDir = Path.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: NotebookRunner NOTEBOOK.ipynb... [--in-place | --out DIR]");
            System.exit(2);
        }
        NotebookRunner runner = withCurrentClasspath();
        int failed = 0;
        for (Path f : files) {
            try {
                Result r = runner.run(f);
                System.out.printf("%s: %d code cells in %.1f s %s%n", f, r.cellSeconds().size(), r.seconds(),
                        r.cellSeconds().stream().map(t -> String.format("%.1f", t)).toList());
                if (inPlace) {
                    write(r.notebook(), f);
                } else if (outDir != null) {
                    Files.createDirectories(outDir);
                    write(r.notebook(), outDir.resolve(f.getFileName()));
                }
            } catch (CellFailure e) {
                failed++;
                System.err.println(e.getMessage());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
