package dev.genzoo.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.testing.TinyModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    @Test
    void levenshteinMatchesHandComputedDistances() {
        assertEquals(3, Suggestions.levenshtein("kitten", "sitting"));
        assertEquals(0, Suggestions.levenshtein("vae", "vae"));
        assertEquals(3, Suggestions.levenshtein("", "gan"));
        assertEquals(1, Suggestions.levenshtein("dcgan", "dcgn"));
    }

    @Test
    void closestIsCaseInsensitiveAndEmptyWithoutCandidates() {
        assertEquals(Optional.of("vae-mlp"), Suggestions.closest("VAE-MPL", List.of("dcgan", "vae-mlp", "rbm")));
        assertEquals(Optional.empty(), Suggestions.closest("x", List.of()));
    }

    @Test
    void builderNamesTheMissingSetting() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ZooEntry.builder().setName("x").build());
        assertTrue(e.getMessage().contains("setFamily"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> TinyModel.entryBuilder().optVariant("v", "ftp://host/x/"));
        assertTrue(bad.getMessage().contains("ftp://host/x/"), bad.getMessage());
    }
}
