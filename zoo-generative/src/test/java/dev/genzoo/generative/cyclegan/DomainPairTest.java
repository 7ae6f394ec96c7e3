package dev.genzoo.generative.cyclegan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DomainPairTest {
    static final ImageDataset MNIST = Datasets.bundled(DatasetId.MNIST);
    static final ImageDataset FASHION = Datasets.bundled(DatasetId.FASHION_MNIST);

    @Test
    void invertedDomainsAreDisjointHalvesWithExactTruth() {
        DomainPair.Domains d = DomainPair.INVERTED.domains(MNIST);
        assertEquals(500, d.a().size());
        assertEquals(500, d.b().size());
        // every A image has its exact negative as truth; every B image is the negative of its source
        for (int i = 0; i < d.a().size(); i++) {
            for (int p = 0; p < 784; p += 7) {
                assertEquals(255 - d.a().pixel(i, p), d.aTruth().pixel(i, p));
                assertEquals(255 - d.bTruth().pixel(i, p), d.b().pixel(i, p));
            }
            assertEquals(d.a().label(i), d.aTruth().label(i));
        }
        // unpaired: no B image was made from an A image (the halves hold different source images)
        Set<String> aImages = new HashSet<>();
        for (int i = 0; i < d.a().size(); i++) {
            aImages.add(key(d.a(), i));
        }
        int shared = 0;
        for (int i = 0; i < d.bTruth().size(); i++) {
            shared += aImages.contains(key(d.bTruth(), i)) ? 1 : 0;
        }
        assertEquals(0, shared, "B's sources are not among A's images");
        // the split is fixed: the same every call
        assertEquals(key(d.a(), 0), key(DomainPair.INVERTED.domains(MNIST).a(), 0));
    }

    @Test
    void sobelEdgesOfAStepAreFullIntensityOnTheEdgeOnly() {
        int[] px = new int[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int x = 14; x < 28; x++) {
                px[y * 28 + x] = 255;
            }
        }
        assertEquals(255, DomainPair.sobel(px, 28, 28, 10, 13), "left of the step");
        assertEquals(255, DomainPair.sobel(px, 28, 28, 10, 14), "right of the step");
        assertEquals(0, DomainPair.sobel(px, 28, 28, 10, 5), "flat dark");
        assertEquals(0, DomainPair.sobel(px, 28, 28, 10, 20), "flat bright");
        DomainPair.Domains d = DomainPair.EDGES.domains(MNIST);
        assertEquals(d.a().size(), d.aTruth().size());
    }

    @Test
    void fashionPairsAreTwoClasses() {
        DomainPair.Domains d = DomainPair.SNEAKER_BOOT.domains(FASHION);
        assertNull(d.aTruth());
        assertTrue(d.a().size() > 50 && d.b().size() > 50);
        for (int i = 0; i < d.a().size(); i++) {
            assertEquals(7, d.a().label(i));
        }
        for (int i = 0; i < d.b().size(); i++) {
            assertEquals(9, d.b().label(i));
        }
    }

    @Test
    void wrongDataSetAndUnknownNamesAreRefusedWithTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> DomainPair.SNEAKER_BOOT.domains(MNIST));
        assertTrue(e.getMessage().contains("needs images of fashion-mnist"), e.getMessage());
        var u = assertThrows(IllegalArgumentException.class, () -> DomainPair.of("horse-zebra"));
        assertTrue(u.getMessage().contains("mnist:inverted") && u.getMessage().contains("fashion-mnist:sneaker-boot"),
                u.getMessage());
        assertEquals(DomainPair.EDGES, DomainPair.of("mnist:edges"));
        var one = assertThrows(IllegalArgumentException.class,
                () -> DomainPair.INVERTED.domains(MNIST.select(new int[] {0})));
        assertTrue(one.getMessage().contains("at least 2 images"), one.getMessage());
    }

    private static String key(ImageDataset d, int i) {
        StringBuilder b = new StringBuilder();
        for (int p = 0; p < 784; p++) {
            b.append((char) d.pixel(i, p));
        }
        return b.toString();
    }
}
