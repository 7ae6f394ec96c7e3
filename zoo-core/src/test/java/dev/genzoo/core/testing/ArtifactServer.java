package dev.genzoo.core.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on the loopback interface (JDK {@code com.sun.net.httpserver}, port 0) that
 * serves the files of one artifact folder under {@link #url()}, counts requests per file, and can
 * misbehave on demand: delay responses, replace a file's bytes, or cut a transfer short.
 */
public final class ArtifactServer implements AutoCloseable {

    private static final String PREFIX = "/artifact/";

    private final Path folder;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, byte[]> replacements = new ConcurrentHashMap<>();
    private final Map<String, Integer> truncations = new ConcurrentHashMap<>();
    private final Map<String, Duration> trickles = new ConcurrentHashMap<>();
    private volatile Duration delay = Duration.ZERO;

    private ArtifactServer(Path folder) throws IOException {
        this.folder = folder;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(PREFIX, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts serving {@code folder}. */
    public static ArtifactServer serve(Path folder) throws IOException {
        return new ArtifactServer(folder);
    }

    /** Folder URL of the artifact, ending in '/'. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    /** Requests received for {@code file} (including failed ones). */
    public int requests(String file) {
        AtomicInteger n = requests.get(file);
        return n == null ? 0 : n.get();
    }

    /** Requests received for all files. */
    public int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** Waits this long before answering each request. */
    public ArtifactServer delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Serves {@code content} instead of the file's bytes. */
    public ArtifactServer replace(String file, byte[] content) {
        replacements.put(file, content);
        return this;
    }

    /** Sends {@code file} one byte at a time, waiting {@code perByte} before each (a server that never quite stalls). */
    public ArtifactServer trickle(String file, Duration perByte) {
        trickles.put(file, perByte);
        return this;
    }

    /** Announces the full length of {@code file} but closes the connection after {@code bytes} bytes. */
    public ArtifactServer truncate(String file, int bytes) {
        truncations.put(file, bytes);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String file = exchange.getRequestURI().getPath().substring(PREFIX.length());
        requests.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
        try (exchange) {
            sleep();
            Path path = folder.resolve(file).normalize();
            if (!path.startsWith(folder) || !Files.isRegularFile(path)) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] body = replacements.getOrDefault(file, Files.readAllBytes(path));
            exchange.sendResponseHeaders(200, body.length);
            OutputStream out = exchange.getResponseBody();
            Duration perByte = trickles.get(file);
            if (perByte != null) {
                for (byte b : body) {
                    Thread.sleep(perByte.toMillis());
                    out.write(b);
                    out.flush();
                }
                return;
            }
            Integer cut = truncations.get(file);
            out.write(body, 0, cut == null ? body.length : Math.min(cut, body.length));
            out.flush();
        } catch (IOException e) {
            // A truncated response ends here: closing with bytes missing drops the connection.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void sleep() {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the server at once, dropping open connections. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
