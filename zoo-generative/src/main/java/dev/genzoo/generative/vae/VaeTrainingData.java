package dev.genzoo.generative.vae;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.dataset.api.MultiDataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.dataset.api.iterator.MultiDataSetIterator;

/**
 * Adapts the zoo's image iterators to a VAE's training graph: features {@code x} (plus the
 * one-hot labels for a conditional model), targets {@code x} flattened for the reconstruction
 * output and dummy zeros for the KL output. The iterator's labels are used only by a conditional
 * model, which needs them one-hot ({@code Target.LABELS}); an unconditional VAE reconstructs its
 * features whatever the labels are.
 */
final class VaeTrainingData implements MultiDataSetIterator {

    private static final long serialVersionUID = 1L;

    private final GraphVae vae;
    private final DataSetIterator source;
    private MultiDataSetPreProcessor preProcessor;

    VaeTrainingData(GraphVae vae, DataSetIterator source) {
        this.vae = vae;
        this.source = source;
    }

    @Override
    public MultiDataSet next(int num) {
        return convert(source.next(num));
    }

    @Override
    public MultiDataSet next() {
        return convert(source.next());
    }

    private MultiDataSet convert(DataSet ds) {
        INDArray labels = vae.arch().conditional() ? ds.getLabels() : null;
        MultiDataSet mds = vae.trainingData(ds.getFeatures(), labels);
        if (preProcessor != null) {
            preProcessor.preProcess(mds);
        }
        return mds;
    }

    @Override
    public void setPreProcessor(MultiDataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public MultiDataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public boolean resetSupported() {
        return source.resetSupported();
    }

    @Override
    public boolean asyncSupported() {
        return source.asyncSupported(); // conversion is stateless: safe on a prefetch thread
    }

    @Override
    public void reset() {
        source.reset();
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }
}
