package dev.genzoo.core.weights;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Detects library versions for model-card provenance from the Maven metadata in the jars. */
final class LibraryVersions {

    private LibraryVersions() {
    }

    static Map<String, String> detect() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("java", System.getProperty("java.version"));
        put(versions, "deeplearning4j", "org.deeplearning4j", "deeplearning4j-nn");
        put(versions, "nd4j", "org.nd4j", "nd4j-api");
        put(versions, "genzoo", "dev.genzoo", "zoo-core");
        try {
            versions.put("nd4jNative", dev.genzoo.core.NativeBuild.loaded()); // e.g. openblas-generic, onednn-generic
        } catch (RuntimeException | LinkageError e) {
            versions.put("nd4jNative", "unknown");
        }
        return versions;
    }

    private static void put(Map<String, String> versions, String key, String group, String artifact) {
        String resource = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = LibraryVersions.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                versions.put(key, p.getProperty("version", "unknown"));
            }
        } catch (IOException e) {
            versions.put(key, "unknown");
        }
    }
}
