package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/model-zoo.md is what the bundled cards say; --check notices a stale copy. */
class ZooTableTest {
    static Path doc() {
        Path p = Path.of("docs/model-zoo.md");
        return Files.exists(p) ? p : Path.of("../docs/model-zoo.md"); // module or repository root
    }

    @Test
    void docsTableMatchesTheCards() throws Exception {
        String generated = ZooTableCommand.render();
        assertEquals(generated, Files.readString(doc(), StandardCharsets.UTF_8),
                "docs/model-zoo.md is stale: regenerate it with ./genzoo zoo-table > docs/model-zoo.md");
        assertTrue(generated.contains("`autoencoder:mnist`") && generated.contains("`cgan-mlp:mnist`"), generated);
    }

    @Test
    void checkFailsOnAStaleCopy(@TempDir Path tmp) throws Exception {
        Path stale = tmp.resolve("model-zoo.md");
        Files.writeString(stale, ZooTableCommand.render().replace("| autoencoder |", "| autoencoder? |"));
        CliTestSupport.Result r = CliTestSupport.run("zoo-table", "--check", stale.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("differs"), r.err());
        assertEquals(0, CliTestSupport.run("zoo-table", "--check", doc().toString()).exit());
    }
}
