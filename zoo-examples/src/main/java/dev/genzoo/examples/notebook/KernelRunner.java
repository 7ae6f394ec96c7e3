package dev.genzoo.examples.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Executes a notebook on the real IJava kernel, as a user's Jupyter does: Debian's
 * {@code /usr/bin/jupyter nbconvert --execute} with kernelspec {@code java} (installed by
 * {@code ../shared/tools/ijava/install.sh}) and GenZoo on {@code IJAVA_CLASSPATH}. Magics, the
 * kernel's display path ({@code Show.png} as {@code image/png}) and IJava's rendering of a cell's last
 * expression all run for real, which {@link NotebookRunner} (JShell, no kernel) cannot show.
 *
 * <p>A run fails, naming the notebook and the code cell (counted from 1), when a cell raises an
 * error, prints an error to standard error (an exception trace or an SLF4J {@code ERROR} line), or
 * shows an object's default {@code toString} as its value (e.g. {@code java.io.PrintStream@1a2b}: a
 * cell that ends in {@code System.out.printf(...)}).
 */
public final class KernelRunner {
    /** Debian's Jupyter (another python3 earlier on PATH may lack nbformat). */
    public static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 900;
    /** Written into {@code metadata.genzoo.executed_by} of every notebook this runner executes. */
    public static final String EXECUTED_BY = "IJava 1.3.0 kernel via jupyter nbconvert --execute (KernelRunner)";

    private final String classpath;

    /** A runner whose kernel gets {@code classpath} (colon-separated) on {@code IJAVA_CLASSPATH}. */
    public KernelRunner(String classpath) {
        this.classpath = java.util.Arrays.stream(classpath.split(java.io.File.pathSeparator)).filter(e -> !e.isBlank())
                .map(e -> Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** A runner with this JVM's classpath ({@link NotebookRunner#currentClasspath()}). */
    public static KernelRunner withCurrentClasspath() {
        return new KernelRunner(NotebookRunner.currentClasspath());
    }

    /** Why notebooks cannot run on the kernel here (no Jupyter, no {@code java} kernelspec), or empty when they can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(JUPYTER)) {
            return Optional.of(JUPYTER + " not found (run ../shared/tools/ijava/install.sh)");
        }
        try {
            Process p = new ProcessBuilder(JUPYTER.toString(), "kernelspec", "list").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return Optional.of("jupyter kernelspec list failed: " + out.strip());
            }
            return out.lines().anyMatch(l -> l.strip().startsWith("java ")) ? Optional.empty()
                    : Optional.of("no kernelspec 'java' (run ../shared/tools/ijava/install.sh); found: " + out.strip());
        } catch (IOException e) {
            return Optional.of("cannot run " + JUPYTER + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /** Validates and executes the notebook at {@code file} on the kernel; the file itself is not changed. */
    public NotebookRunner.Result run(Path file) throws IOException {
        NotebookRunner.validate(JSON.readTree(file.toFile()), file);
        Path dir = Files.createTempDirectory("genzoo-kernel-");
        try {
            List<String> cmd = List.of(JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                    "--allow-errors", "--ExecutePreprocessor.kernel_name=java",
                    "--ExecutePreprocessor.timeout=" + TIMEOUT_SECONDS, "--output-dir", dir.toString(),
                    "--output", "executed", file.toAbsolutePath().toString());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            Map<String, String> env = pb.environment();
            env.put("IJAVA_CLASSPATH", classpath);
            env.putIfAbsent("OMP_NUM_THREADS", "1");
            env.putIfAbsent("GENZOO_OFFLINE", "1");
            env.putIfAbsent("MALLOC_MMAP_THRESHOLD_", "33554432");
            env.putIfAbsent("MALLOC_TRIM_THRESHOLD_", "17179869184");
            Process p = pb.start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(TIMEOUT_SECONDS + 120, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly();
                throw new IOException(file.getFileName() + ": the kernel did not finish in " + TIMEOUT_SECONDS + " s");
            }
            Path out = dir.resolve("executed.ipynb");
            if (p.exitValue() != 0 || !Files.isRegularFile(out)) {
                throw new IOException(file.getFileName() + ": jupyter nbconvert failed (exit " + p.exitValue() + "): "
                        + tail(log));
            }
            ObjectNode nb = (ObjectNode) JSON.readTree(out.toFile());
            List<Double> times = check(nb, file);
            ((ObjectNode) nb.path("metadata")).putObject("genzoo").put("executed_by", EXECUTED_BY);
            return new NotebookRunner.Result(nb, times);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + file, e);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted((a, b) -> b.compareTo(a)).forEach(f -> f.toFile().delete());
            }
        }
    }

    /**
     * Checks every code cell's outputs (see the class comment), removes the kernel's per-cell timing
     * metadata (so a regenerated file changes only where the outputs do) and returns the cells' wall
     * times from it.
     */
    static List<Double> check(ObjectNode nb, Path file) {
        List<Double> times = new ArrayList<>();
        int cell = 0;
        for (JsonNode c : nb.path("cells")) {
            if (!"code".equals(c.path("cell_type").asText())) {
                continue;
            }
            cell++;
            times.add(seconds(c.path("metadata").path("execution")));
            ((ObjectNode) c.path("metadata")).remove("execution");
            for (JsonNode o : c.path("outputs")) {
                String type = o.path("output_type").asText();
                if ("error".equals(type)) {
                    String trace = text(o.path("traceback")).replaceAll("\u001B\\[[0-9;]*m", "").strip();
                    throw new NotebookRunner.CellFailure(file, cell, o.path("ename").asText() + ": "
                            + o.path("evalue").asText() + (trace.isEmpty() ? "" : " " + trace.replace('\n', ' ')));
                }
                if ("stream".equals(type) && "stderr".equals(o.path("name").asText())) {
                    String error = NotebookRunner.printedError(text(o.path("text")));
                    if (error != null) {
                        throw new NotebookRunner.CellFailure(file, cell, error);
                    }
                }
                if ("execute_result".equals(type)) {
                    String value = text(o.path("data").path("text/plain")).strip();
                    if (value.matches("[\\w.$]+@[0-9a-f]+")) {
                        throw new NotebookRunner.CellFailure(file, cell, "shows " + value + " as its value (end the"
                                + " cell with a statement, not an expression such as System.out.printf(...))");
                    }
                }
            }
        }
        return times;
    }

    private static double seconds(JsonNode execution) {
        try {
            OffsetDateTime start = OffsetDateTime.parse(execution.path("iopub.execute_input").asText());
            OffsetDateTime end = OffsetDateTime.parse(execution.path("shell.execute_reply").asText());
            return Duration.between(start, end).toNanos() / 1e9;
        } catch (DateTimeParseException e) {
            return Double.NaN;
        }
    }

    private static String text(JsonNode t) {
        if (t.isArray()) {
            StringBuilder b = new StringBuilder();
            ((ArrayNode) t).forEach(x -> b.append(x.asText()));
            return b.toString();
        }
        return t.asText("");
    }

    private static String tail(String s) {
        return s.length() > 3000 ? "..." + s.substring(s.length() - 3000) : s;
    }

    /**
     * {@code KernelRunner NOTEBOOK... [--in-place | --out DIR] [--no-classpath]}: runs each notebook on
     * the kernel, prints cell times; {@code --no-classpath} leaves {@code IJAVA_CLASSPATH} empty.
     */
    public static void main(String[] args) throws IOException {
        List<Path> files = new ArrayList<>();
        boolean inPlace = false;
        boolean noClasspath = false;
        Path outDir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--in-place" -> inPlace = true;
                case "--no-classpath" -> noClasspath = true;
                case "--out" -> outDir = Path.of(args[++i]);
                default -> files.add(Path.of(args[i]));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: KernelRunner NOTEBOOK.ipynb... [--in-place | --out DIR] [--no-classpath]");
            System.exit(2);
        }
        Optional<String> why = unavailableReason();
        if (why.isPresent()) {
            System.err.println("KernelRunner: " + why.get());
            System.exit(1);
        }
        // --no-classpath: an empty IJAVA_CLASSPATH, for a notebook that sets itself up with %maven
        KernelRunner runner = noClasspath ? new KernelRunner("") : withCurrentClasspath();
        int failed = 0;
        for (Path f : files) {
            try {
                NotebookRunner.Result r = runner.run(f);
                System.out.printf("%s: %d code cells in %.1f s on the IJava kernel: OK%n", f.getFileName(),
                        r.cellSeconds().size(), r.seconds());
                if (inPlace) {
                    NotebookRunner.write(r.notebook(), f);
                } else if (outDir != null) {
                    Files.createDirectories(outDir);
                    NotebookRunner.write(r.notebook(), outDir.resolve(f.getFileName()));
                }
            } catch (NotebookRunner.CellFailure | IOException e) {
                failed++;
                System.err.println(e.getMessage());
            }
        }
        System.exit(failed == 0 ? 0 : 1);
    }
}
