package dev.genzoo.cli.bench;

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

    /** The naive VAE data: the training graph's MultiDataSets, materialised up front. */
    static org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator naiveVaeIterator(
            dev.genzoo.generative.vae.GraphVae vae, ImageDataset data, int batch) {
        List<org.nd4j.linalg.dataset.api.MultiDataSet> batches = new ArrayList<>();
        var it = pipeline(data, batch, false, false).iterator();
        while (it.hasNext()) {
            batches.add(vae.trainingData(it.next().getFeatures().dup(), null));
        }
        return new ListMultiIterator(batches);
    }

    /** A list of MultiDataSets served in order (DL4J has a list iterator for DataSets only). */
    static final class ListMultiIterator implements org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator {
        private final List<org.nd4j.linalg.dataset.api.MultiDataSet> batches;
        private int pos;

        ListMultiIterator(List<org.nd4j.linalg.dataset.api.MultiDataSet> batches) {
            this.batches = batches;
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next(int num) {
            return next();
        }

        @Override
        public void setPreProcessor(org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor preProcessor) {
            throw new UnsupportedOperationException("no preprocessing in the benchmark");
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor getPreProcessor() {
            return null;
        }

        @Override
        public boolean resetSupported() {
            return true;
        }

        @Override
        public boolean asyncSupported() {
            return true;
        }

        @Override
        public void reset() {
            pos = 0;
        }

        @Override
        public boolean hasNext() {
            return pos < batches.size();
        }

        @Override
        public org.nd4j.linalg.dataset.api.MultiDataSet next() {
            return batches.get(pos++);
        }
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
