package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class DatasetsCommandTest {
    @Test
    void listJsonNamesEveryDataSetWithLocationAndVerification() throws Exception {
        CliTestSupport.Result r = CliTestSupport.run("datasets", "list", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode arr = new ObjectMapper().readTree(r.out());
        assertEquals(2, arr.size());
        for (JsonNode ds : arr) {
            assertTrue(ds.has("name") && ds.has("location") && ds.has("verified"), ds.toString());
            if (ds.get("found").asBoolean()) {
                assertEquals(4, ds.get("files").size());
                assertEquals(ds.get("verified").asBoolean(), allFilesVerified(ds));
            }
        }
        assertEquals("mnist", arr.get(0).get("name").asText());
        assertEquals("fashion-mnist", arr.get(1).get("name").asText());
    }

    private static boolean allFilesVerified(JsonNode ds) {
        for (JsonNode f : ds.get("files")) {
            if (!f.get("verified").asBoolean()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void unknownDataSetIsABadArgumentWithTheKnownNames() {
        CliTestSupport.Result r = CliTestSupport.run("datasets", "fetch", "cifar");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Unknown data set 'cifar'"), r.err());
        assertTrue(r.err().contains("fashion-mnist"), r.err());
    }

    @Test
    void unknownSubcommandFails() {
        CliTestSupport.Result r = CliTestSupport.run("frobnicate");
        assertNotEquals(0, r.exit());
    }
}
