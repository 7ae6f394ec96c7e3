package dev.genzoo.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The oneDNN build the command line ships beside the plain one (zoo-cli/target/native-builds/, on
 * Linux x86-64): GENZOO_NATIVE picks which loads, and a small convolutional network trains to the
 * same losses on either, through DL4J's layers and through the engine.
 */
class NativeBuildTest {

    private static Map<String, String> probe(String nativeBuild, Path extraJar) throws IOException, InterruptedException {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // the child reads GENZOO_NATIVE as the command line does
        ProcessBuilder pb = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path")
                + File.pathSeparator + extraJar, NativeBuildProbe.class.getName()).redirectErrorStream(true);
        pb.environment().put("GENZOO_NATIVE", nativeBuild);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "probe did not finish");
        assertEquals(0, child.exitValue(), out);
        Map<String, String> lines = new HashMap<>();
        for (String l : out.split("\n")) {
            int sp = l.indexOf(' ');
            if (sp > 0 && List.of("BACKEND", "DL4J", "ENGINE").contains(l.substring(0, sp))) {
                lines.put(l.substring(0, sp), l.substring(sp + 1).trim());
            }
        }
        assertEquals(3, lines.size(), out);
        return lines;
    }

    private static double[] losses(String line) {
        return Arrays.stream(line.split(" ")).mapToDouble(Double::parseDouble).toArray();
    }

    @Test
    void theOneDnnBuildLoadsWhenChosenAndTrainsAsThePlainOne() throws Exception {
        Path dir = Path.of("target", "native-builds");
        Path jar = Files.isDirectory(dir) ? Files.list(dir).filter(f -> f.getFileName().toString().endsWith("-onednn.jar"))
                .findFirst().orElse(null) : null;
        assumeTrue(jar != null, "no oneDNN build in target/native-builds (copied on Linux x86-64 only)");
        Map<String, String> plain = probe("default", jar);
        Map<String, String> onednn = probe("onednn", jar);
        assertTrue(plain.get("BACKEND").startsWith("openblas-"), plain.toString());
        assertTrue(onednn.get("BACKEND").startsWith("onednn-"), onednn.toString());
        for (String route : List.of("DL4J", "ENGINE")) {
            double[] a = losses(plain.get(route));
            double[] b = losses(onednn.get(route));
            assertEquals(5, a.length);
            assertTrue(a[4] < a[0], route + " learns: " + plain.get(route));
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i], b[i], 2e-3 * Math.abs(a[i]), route + " step " + i + ": plain " + plain.get(route)
                        + " vs oneDNN " + onednn.get(route));
            }
        }
    }
}
