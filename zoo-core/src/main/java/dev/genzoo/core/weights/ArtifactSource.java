package dev.genzoo.core.weights;

import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLConnection;
import java.time.Duration;

/** Opens the files of an artifact at its location: class path or HTTP(S). */
interface ArtifactSource {

    /**
     * Opens one file of the artifact.
     *
     * @throws FileNotFoundException if the source has no such file
     * @throws IOException           on any other failure
     */
    InputStream open(String file) throws IOException;

    static ArtifactSource forRef(ArtifactRef ref, Duration connectTimeout, Duration readTimeout) {
        return switch (ref.scheme()) {
            case CLASSPATH -> new Classpath(ref.location().substring("classpath:".length()));
            case HTTP -> new Http(ref.location(), connectTimeout, readTimeout);
            case FILE -> throw new IllegalArgumentException("file: artifacts are used in place, not fetched: "
                    + ref.location());
        };
    }

    /** Resources under a folder of the context class loader (or GenZoo's own loader). */
    record Classpath(String folder) implements ArtifactSource {
        @Override
        public InputStream open(String file) throws IOException {
            String path = (folder.startsWith("/") ? folder.substring(1) : folder) + file;
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            InputStream in = loader == null ? null : loader.getResourceAsStream(path);
            if (in == null) {
                in = ArtifactSource.class.getClassLoader().getResourceAsStream(path);
            }
            if (in == null) {
                throw new FileNotFoundException("no class path resource " + path);
            }
            return in;
        }
    }

    /** Files under an HTTP(S) folder URL, with connect and read timeouts so a stalled server fails. */
    record Http(String base, Duration connectTimeout, Duration readTimeout) implements ArtifactSource {
        @Override
        public InputStream open(String file) throws IOException {
            URLConnection connection = URI.create(base + file).toURL().openConnection();
            if (!(connection instanceof HttpURLConnection http)) {
                throw new IOException("not an HTTP location: " + base + file);
            }
            http.setConnectTimeout((int) connectTimeout.toMillis());
            http.setReadTimeout((int) readTimeout.toMillis());
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(true);
            int status = http.getResponseCode();
            if (status == HttpURLConnection.HTTP_NOT_FOUND) {
                http.disconnect();
                throw new FileNotFoundException("HTTP 404 from " + base + file);
            }
            if (status != HttpURLConnection.HTTP_OK) {
                http.disconnect();
                throw new IOException("HTTP " + status + " " + http.getResponseMessage() + " from " + base + file);
            }
            return new FilterInputStream(http.getInputStream()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        http.disconnect();
                    }
                }
            };
        }
    }
}
