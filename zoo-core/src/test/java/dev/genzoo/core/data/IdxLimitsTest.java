package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.Settings;
import dev.genzoo.core.testing.HostileIdx;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sizes in an IDX header are claims: nothing is allocated from them before they are checked against
 * the format's limit, a plain file's real size, or a known data set's published sizes.
 */
class IdxLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aHeaderDeclaringMoreValuesThanTheLimitIsRefusedNamingTheLimit() throws Exception {
        for (boolean gzip : new boolean[] {false, true}) {
            Path f = dir.resolve("huge" + gzip);
            Files.write(f, HostileIdx.idx(new int[] {2_000_000_000}, 16, gzip));
            DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
            assertTrue(e.getMessage().contains("2000000000") && e.getMessage().contains("limit of "
                    + Idx.MAX_VALUES), e.getMessage());
        }
    }

    @Test
    void aPlainFileWhoseHeaderClaimsMoreThanItsSizeIsRefusedBeforeReadingTheBody() throws Exception {
        Path f = dir.resolve("liar");
        Files.write(f, HostileIdx.idx(new int[] {60000, 28, 28}, 100, false));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("47040016") && e.getMessage().contains("file has 116 bytes"),
                e.getMessage());
    }

    @Test
    void aGzipStreamThatEndsEarlyIsTruncatedWhateverItsHeaderSays() throws Exception {
        byte[] gz = HostileIdx.idx(new int[] {60000, 28, 28}, 100, true);
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Idx.readWithDigest(new ByteArrayInputStream(gz), "stream"));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("found only 100"), e.getMessage());
    }

    @Test
    void aKnownDataSetWhoseHeaderDiffersFromItsPublishedSizesIsRefusedBeforeItsBody() throws Exception {
        Path mnist = Files.createDirectories(dir.resolve("data/mnist"));
        for (DatasetId.FileSpec spec : DatasetId.MNIST.files()) {
            Files.write(mnist.resolve(spec.fileName() + ".gz"), HostileIdx.idx(new int[] {1}, 1, true));
        }
        // test images claiming 10 times their published count; the body is not there
        Files.write(mnist.resolve("t10k-images-idx3-ubyte.gz"), HostileIdx.idx(new int[] {100_000, 28, 28}, 10,
                true));
        DatasetLocator locator = DatasetLocator.builder(Settings.of(new Properties(), Map.of()))
                .dataDir(dir.resolve("data")).cacheRoot(dir.resolve("cache")).debianRoots(List.of())
                .npmRoots(List.of()).offline(true).build();
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> Datasets.load(DatasetId.MNIST, Split.TEST, locator));
        assertTrue(e.getMessage().contains("[100000, 28, 28]") && e.getMessage().contains("[10000, 28, 28]"),
                e.getMessage());
    }

    @Test
    void theKnownSizesAreThePublishedOnes() {
        assertEquals(List.of(60000, 28, 28), DatasetId.MNIST.images(Split.TRAIN).dims());
        assertEquals(47_040_016L, DatasetId.MNIST.images(Split.TRAIN).bytes());
        assertEquals(List.of(10000), DatasetId.FASHION_MNIST.labels(Split.TEST).dims());
        assertEquals(10_008L, DatasetId.FASHION_MNIST.labels(Split.TEST).bytes());
    }
}
