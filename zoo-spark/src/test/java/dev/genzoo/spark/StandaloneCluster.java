package dev.genzoo.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * A real Spark standalone cluster on 127.0.0.1 for tests: a master and {@code workers} workers,
 * each its own JVM started from the test's class path (the Maven jars; no Spark installation), the
 * executors they launch getting the same class path. Closing stops the session, kills every process
 * and deletes the folders. Bounded: the cluster must be up within {@link #START_TIMEOUT}.
 */
final class StandaloneCluster implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final List<Process> workers = new ArrayList<>();
    private Process master;
    private final int port;
    private SparkSession session;

    StandaloneCluster(int workerCount, int coresPerWorker, String workerMemory) throws IOException, InterruptedException {
        home = Files.createTempDirectory("genzoo-spark-");
        Files.createDirectories(home.resolve("jars")); // the launcher wants SPARK_HOME/jars; the class path comes from the app
        Files.createDirectories(home.resolve("conf"));
        port = freePort();
        try {
            master = start("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--webui-port", String.valueOf(freePort())));
            for (int i = 0; i < workerCount; i++) {
                Path work = Files.createDirectories(home.resolve("work-" + i));
                workers.add(start("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", String.valueOf(coresPerWorker), "--memory", workerMemory, "--work-dir",
                        work.toString(), "--webui-port", String.valueOf(freePort()), masterUrl())));
            }
            awaitWorkers(workerCount);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    String masterUrl() {
        return "spark://127.0.0.1:" + port;
    }

    /** A session on this cluster: executors of 1 GB, one OpenMP thread, the test's class path. */
    SparkSession session(String app) {
        String cp = System.getProperty("java.class.path");
        session = SparkSession.builder().appName(app).master(masterUrl())
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false")
                .config("spark.executor.memory", "1g")
                .config("spark.executor.extraClassPath", cp)
                .config("spark.executor.extraJavaOptions", opens()
                        + " -Dorg.bytedeco.javacpp.maxbytes=2G -Dorg.bytedeco.javacpp.maxphysicalbytes=4G")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1")
                .config("spark.executorEnv.GENZOO_OFFLINE", "1")
                .config("spark.sql.shuffle.partitions", "4")
                .getOrCreate();
        return session;
    }

    /** The worker processes, e.g. to kill one. */
    List<Process> workers() {
        return workers;
    }

    Path home() {
        return home;
    }

    private Process start(String name, List<String> main) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx384m");
        cmd.addAll(List.of(opens().split(" ")));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(main);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(home.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private void awaitWorkers(int n) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Path log = home.resolve("master.log");
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IllegalStateException("the Spark master exited: " + tail(log));
            }
            for (int i = 0; i < workers.size(); i++) {
                if (!workers.get(i).isAlive()) {
                    throw new IllegalStateException("Spark worker " + i + " exited: " + tail(home.resolve("worker-" + i
                            + ".log")));
                }
            }
            long registered = Files.exists(log) ? Files.readAllLines(log).stream()
                    .filter(l -> l.contains("Registering worker")).count() : 0;
            if (registered >= n) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the Spark cluster did not come up in " + START_TIMEOUT + ": " + tail(log));
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    static String opens() {
        String s = System.getProperty("genzoo.spark.opens");
        if (s == null || s.isBlank()) {
            throw new IllegalStateException("genzoo.spark.opens is not set (zoo-spark's pom sets it for the tests)");
        }
        return s.trim();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (session != null) {
            session.stop();
            session = null;
        }
        List<Process> all = new ArrayList<>(workers);
        if (master != null) {
            all.add(master);
        }
        for (Process p : all) {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // executors
            p.destroyForcibly();
        }
        for (Process p : all) {
            try {
                p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> s = Files.walk(home)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort: a temporary folder
        }
    }
}
