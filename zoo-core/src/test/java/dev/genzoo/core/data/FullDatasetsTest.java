package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The full data sets, when installed (CI installs both, and there they must be found).
 */
class FullDatasetsTest {
    static boolean required() {
        return "true".equals(System.getenv("CI"));
    }

    @ParameterizedTest
    @EnumSource(DatasetId.class)
    void installedDataSetsAreFoundVerifiedAndLoadFast(DatasetId id) throws Exception {
        Datasets.Status st = Datasets.status(id, DatasetLocator.defaults());
        if (!required()) {
            assumeTrue(st.location().isPresent(), id + " is not installed here");
        }
        assertTrue(st.location().isPresent(), id + " must be installed on CI (.ci/run installs it)");
        assertTrue(st.verified(), "checksums of " + id + ": " + st.files());
        long t0 = System.nanoTime();
        ImageDataset train = Datasets.load(id, Split.TRAIN);
        var it = train.batch(60000).iterator();
        var all = it.next();
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(60000, train.size());
        assertEquals(60000, all.numExamples());
        assertEquals(10000, Datasets.load(id, Split.TEST).size());
        // the bundled subset is the head of the test split
        ImageDataset test = Datasets.load(id, Split.TEST);
        ImageDataset bundled = Datasets.bundled(id);
        for (int i = 0; i < bundled.size(); i += 97) {
            assertEquals(test.label(i), bundled.label(i));
            assertEquals(test.pixel(i, 400), bundled.pixel(i, 400));
        }
        System.out.printf("%s: training split read and turned into one 60000x784 batch in %.2f s%n", id, seconds);
        assertTrue(seconds < 60, "loading took " + seconds + " s");
    }
}
