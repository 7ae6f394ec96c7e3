package dev.genzoo.examples.bench;

import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/** The benchmark data of ../shared/BENCHMARKS.md: pixels/255 as float32, file order, last partial batch dropped. */
final class BenchData {
    private BenchData() {
    }

    /** GenZoo's own iterator: batches built from bytes on demand. */
    static DataPipeline pipeline(ImageDataset data, int batch, boolean symmetric, boolean image) {
        return data.batch(batch).dropLast(true).scale(symmetric ? Scale.SYMMETRIC : Scale.UNIT)
                .layout(image ? Layout.IMAGE : Layout.FLAT);
    }

    /** What a DL4J user writes: every batch materialised up front, served by a ListDataSetIterator. */
    static DataSetIterator naiveIterator(ImageDataset data, int batch) {
        List<DataSet> batches = new ArrayList<>();
        var it = pipeline(data, batch, false, false).iterator();
        while (it.hasNext()) {
            DataSet ds = it.next();
            batches.add(new DataSet(ds.getFeatures().dup(), ds.getFeatures().dup()));
        }
        return new ListDataSetIterator<>(batches, 1);
    }
}
