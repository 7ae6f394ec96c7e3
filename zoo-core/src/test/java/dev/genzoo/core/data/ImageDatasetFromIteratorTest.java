package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/** Any DL4J iterator's data in memory: shapes, values, classes kept; what cannot be examples refused by name. */
class ImageDatasetFromIteratorTest {

    @Test
    void colourBatchesWithOneHotLabels() {
        float[] v = new float[5 * 3 * 2 * 2];
        for (int i = 0; i < v.length; i++) {
            v[i] = i / 10f - 1;
        }
        var x = Nd4j.create(v, new long[] {5, 3, 2, 2}, 'c');
        var y = Nd4j.zeros(5, 3);
        int[] cls = {2, 0, 1, 2, 2};
        for (int i = 0; i < 5; i++) {
            y.putScalar(i, cls[i], 1);
        }
        ListDataSetIterator<DataSet> it = new ListDataSetIterator<>(new DataSet(x, y).asList(), 2);
        ImageDataset d = ImageDataset.fromIterator("colour", it);
        assertEquals(5, d.size());
        assertEquals(3, d.channels());
        assertEquals(2, d.height());
        assertEquals(3, d.numClasses());
        for (int i = 0; i < 5; i++) {
            assertEquals(cls[i], d.label(i));
        }
        assertEquals(v[13 + 12], d.value(2, 1), 0f);
        // the image layout gives the batches back as they came, values outside [0, 1] included
        var back = d.batch(5).layout(Layout.IMAGE).iterator().next().getFeatures();
        assertArrayEquals(v, back.dup('c').data().asFloat(), 0f);
    }

    @Test
    void whatCannotBeExamplesIsRefused() {
        var empty = existing();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDataset.fromIterator("e", empty))
                .getMessage().contains("no data"));
        var ragged = existing(new DataSet(Nd4j.zeros(2, 4), null), new DataSet(Nd4j.zeros(2, 5), null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDataset.fromIterator("r", ragged))
                .getMessage().contains("expected one shape"));
        var sequence = existing(new DataSet(Nd4j.zeros(2, 3, 4), null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDataset.fromIterator("s", sequence))
                .getMessage().contains("expected [n, values]"));
        var nan = existing(new DataSet(Nd4j.create(new float[] {0, Float.NaN}, 1, 2), null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ImageDataset.fromIterator("n", nan))
                .getMessage().contains("finite"));
        var unlabelled = existing(new DataSet(Nd4j.ones(3, 4), null));
        ImageDataset table = ImageDataset.fromIterator("t", unlabelled);
        assertEquals(List.of("all"), table.classNames());
        assertEquals(1, table.height());
        assertEquals(4, table.width());
    }

    private static org.deeplearning4j.datasets.iterator.ExistingDataSetIterator existing(DataSet... batches) {
        return new org.deeplearning4j.datasets.iterator.ExistingDataSetIterator((Iterable<DataSet>) List.of(batches));
    }
}
