package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.weights.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code genzoo gallery}: a page per bundled variant, linked from the index; every picture a page
 * shows exists and decodes; every metric shown equals the card's; the reproduce command carries the
 * card's epochs, batch and seed. With Chromium installed, every page also loads in headless Chromium
 * with all its images decoded (skipped with a message otherwise).
 */
class GalleryCommandTest {
    private static final Pattern IMG = Pattern.compile("<img[^>]*src=\"([^\"]+)\"");
    private static final Pattern METRIC = Pattern.compile("<tr><td>([^<]+)</td><td data-value=\"([^\"]+)\">");

    @Test
    void everyPageShowsItsCardAndPictures(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("gallery");
        CliTestSupport.Result r = CliTestSupport.run("gallery", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        String index = Files.readString(out.resolve("index.html"));
        Set<String> pictures = new HashSet<>();
        int pages = 0;
        int curves = 0;
        for (var e : ModelZoo.list()) {
            for (String v : e.variants().keySet()) {
                String page = GalleryCommand.page(e.name(), v);
                assertTrue(index.contains("href=\"" + page + "\""), "the index links " + page);
                String html = Files.readString(out.resolve(page));
                ModelCard card = ZooTableCommand.card(e.name(), v);
                Map<String, Double> shown = new HashMap<>();
                Matcher m = METRIC.matcher(html);
                while (m.find()) {
                    shown.put(m.group(1), Double.parseDouble(m.group(2)));
                }
                assertEquals(card.metrics().keySet(), shown.keySet(), page + ": every metric of the card");
                card.metrics().forEach((k, metric) -> assertEquals(metric.value(), shown.get(k), 0.0, page + " " + k));
                if (card.provenance().epochs() != null) {
                    assertTrue(html.contains("--epochs " + card.provenance().epochs()), page);
                }
                assertTrue(html.contains("ModelZoo.load(&quot;" + e.name() + ":" + v + "&quot;)"), page);
                Matcher img = IMG.matcher(html);
                while (img.find()) {
                    pictures.add(img.group(1));
                }
                // a variant that carries its run's log shows its curve; one that does not says so
                boolean logged = GalleryCommandTest.class.getClassLoader().getResource(
                        ZooTableCommand.bundledPath(e.name(), v, TrainCommand.TRAINING_LOG)) != null;
                String curve = GalleryCommand.PICTURES + "/" + GalleryCommand.curveFile(e.name(), v);
                assertEquals(logged, html.contains("src=\"" + curve + "\""), page + " shows its training curve");
                assertEquals(!logged, html.contains("No training log is bundled"), page);
                curves += logged ? 1 : 0;
                pages++;
            }
        }
        Matcher img = IMG.matcher(index);
        while (img.find()) {
            pictures.add(img.group(1));
        }
        assertTrue(pages >= 30, pages + " pages");
        assertTrue(curves >= 10, curves + " pages with a training curve");
        assertTrue(pictures.size() >= 30, pictures.size() + " pictures");
        for (String p : pictures) {
            Path f = out.resolve(p);
            assertTrue(Files.isRegularFile(f), "picture " + p);
            assertNotNull(ImageIO.read(f.toFile()), "picture " + p + " decodes");
        }
        chromium(out, pictures);

        CliTestSupport.Result again = CliTestSupport.run("gallery", "--out", out.toString());
        assertEquals(2, again.exit());
        assertTrue(again.err().contains("not empty"), again.err());
        Path file = Files.writeString(tmp.resolve("file"), "x");
        CliTestSupport.Result onFile = CliTestSupport.run("gallery", "--out", file.toString());
        assertEquals(2, onFile.exit());
        assertTrue(onFile.err().contains("is a file"), onFile.err());
        assertFalse(Files.exists(tmp.resolve("file").resolveSibling("index.html")));
    }

    /** Loads a page holding every picture in headless Chromium and reads back how many decoded. */
    private static void chromium(Path out, Set<String> pictures) throws Exception {
        String exe = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst().orElse(null);
        Assumptions.assumeTrue(exe != null, "no Chromium installed (Debian's chromium package): the browser check"
                + " is skipped; the pictures were checked with ImageIO");
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body><div id=r>pending</div>");
        for (String p : pictures) {
            b.append("<img src=\"").append(p).append("\">");
        }
        b.append("<script>window.onload=function(){var ok=0,bad=0;for(const i of document.images){"
                + "if(i.complete&&i.naturalWidth>0){ok++}else{bad++}}"
                + "document.getElementById('r').textContent='loaded '+ok+' broken '+bad;};</script></body></html>");
        Path check = Files.writeString(out.resolve("chromium-check.html"), b.toString());
        Process proc = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu",
                "--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom", check.toUri().toString())
                .redirectErrorStream(false).start();
        String dom = new String(proc.getInputStream().readAllBytes());
        assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "Chromium finished");
        Files.delete(check);
        assertTrue(dom.contains("loaded " + pictures.size() + " broken 0"), "in Chromium: " + dom.substring(0,
                Math.min(200, dom.length())));
        // the index as Chromium parses it links every page
        Process index = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
                out.resolve("index.html").toUri().toString()).start();
        String indexDom = new String(index.getInputStream().readAllBytes());
        assertTrue(index.waitFor(120, TimeUnit.SECONDS), "Chromium finished");
        long links = Pattern.compile("<a href=\"[^\"]+[.]html\"><code>").matcher(indexDom).results().count();
        assertTrue(links >= 30, links + " model links in the index as Chromium reads it");
    }
}
