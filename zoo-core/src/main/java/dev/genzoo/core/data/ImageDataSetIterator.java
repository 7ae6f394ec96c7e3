package dev.genzoo.core.data;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DL4J {@link DataSetIterator} over an in-memory image data set, configured by a
 * {@link DataPipeline}. Batches are built directly from the byte pixels into one float array, so
 * an epoch over 60,000 images costs well under a second of iterator time. {@link #reset()} after
 * an epoch advances to the next epoch (new shuffle order, new noise); {@link #position(int, int)}
 * jumps to any epoch and batch, which makes checkpoints resume exactly.
 */
public final class ImageDataSetIterator implements DataSetIterator {
    private static final long serialVersionUID = 1L;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final DataPipeline p;
    private final int n;
    private final int pixels;
    private transient int[] order;
    private int epoch;
    private int batchIndex;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    ImageDataSetIterator(DataPipeline pipeline) {
        this.p = pipeline;
        this.n = pipeline.size();
        this.pixels = pipeline.data().pixelCount();
        position(0, 0);
    }

    /** The pipeline this iterator follows. */
    public DataPipeline pipeline() {
        return p;
    }

    /** Current epoch (0-based). */
    public int epoch() {
        return epoch;
    }

    /** Index of the next batch within the epoch. */
    public int batchIndex() {
        return batchIndex;
    }

    /** Number of batches in an epoch. */
    public int batchesPerEpoch() {
        return p.dropLast() ? n / p.batchSize() : (n + p.batchSize() - 1) / p.batchSize();
    }

    /** Jumps to batch {@code batch} of epoch {@code epoch}, as if the epochs before had been iterated. */
    public void position(int epoch, int batch) {
        if (epoch < 0 || batch < 0 || batch > batchesPerEpoch()) {
            throw new IllegalArgumentException("position(epoch, batch): need epoch >= 0 and batch in 0.."
                    + batchesPerEpoch() + ", found epoch=" + epoch + " batch=" + batch);
        }
        this.epoch = epoch;
        this.batchIndex = batch;
        this.cursor = batch * p.batchSize();
        this.order = permutation(epoch);
    }

    private int[] permutation(int e) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = p.imageIndex(i);
        }
        if (p.shuffleSeed() != null) {
            Shuffle.inPlace(o, new SplittableRandom(mix(p.shuffleSeed(), e, -1)));
        }
        return o;
    }

    @Override
    public boolean hasNext() {
        int remaining = n - cursor;
        return p.dropLast() ? remaining >= p.batchSize() : remaining > 0;
    }

    @Override
    public DataSet next() {
        return next(p.batchSize());
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " of " + p.data().name()
                    + " is exhausted; call reset() to start the next epoch");
        }
        int b = Math.min(num, n - cursor);
        DataSet ds = build(cursor, b);
        cursor += b;
        batchIndex++;
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    private DataSet build(int from, int b) {
        ImageDataset data = p.data();
        byte[] raw = data.rawPixels();
        float[] real = data.rawValues();
        float lo = p.scale().lo();
        float range = p.scale().hi() - lo;
        float[] clean = new float[b * pixels];
        SplittableRandom batchRng = new SplittableRandom(mix(p.noiseSeed(), epoch, batchIndex));
        for (int k = 0; k < b; k++) {
            int img = order[from + k];
            int src = img * pixels;
            int dst = k * pixels;
            if (real != null) {
                fromValues(real, src, clean, dst, lo, range, img, batchRng);
                continue;
            }
            switch (p.binarization()) {
                case NONE -> {
                    for (int j = 0; j < pixels; j++) {
                        clean[dst + j] = lo + range * ((raw[src + j] & 0xFF) / 255f);
                    }
                }
                case THRESHOLD -> {
                    for (int j = 0; j < pixels; j++) {
                        clean[dst + j] = (raw[src + j] & 0xFF) > 127 ? lo + range : lo;
                    }
                }
                case STATIC -> bernoulli(raw, src, clean, dst, lo, range,
                        new SplittableRandom(mix(p.noiseSeed(), -7, img)));
                case DYNAMIC -> bernoulli(raw, src, clean, dst, lo, range, batchRng);
                default -> throw new IllegalStateException(p.binarization().toString());
            }
        }
        float[] input = clean;
        if (!(p.noise() instanceof Noise.None)) {
            input = clean.clone();
            p.noise().apply(input, 0, input.length, lo, lo + range, batchRng);
        }
        long[] shape = p.layout() == Layout.FLAT ? new long[] {b, pixels}
                : new long[] {b, data.channels(), data.height(), data.width()};
        INDArray features = Nd4j.create(input, shape, 'c');
        INDArray labels;
        if (p.target() == Target.INPUT) {
            labels = input == clean ? features : Nd4j.create(clean, shape, 'c');
        } else {
            float[] onehot = new float[b * data.numClasses()];
            for (int k = 0; k < b; k++) {
                onehot[k * data.numClasses() + data.label(order[from + k])] = 1f;
            }
            labels = Nd4j.create(onehot, new long[] {b, data.numClasses()}, 'c');
        }
        return new DataSet(features, labels);
    }

    /** One example of real values (0 and 1 standing for pixels 0 and 255), binarized as bytes would be. */
    private void fromValues(float[] real, int src, float[] out, int dst, float lo, float range, int img,
            SplittableRandom batchRng) {
        switch (p.binarization()) {
            case NONE -> {
                for (int j = 0; j < pixels; j++) {
                    out[dst + j] = lo + range * real[src + j];
                }
            }
            case THRESHOLD -> {
                for (int j = 0; j < pixels; j++) {
                    out[dst + j] = real[src + j] > 0.5f ? lo + range : lo;
                }
            }
            case STATIC, DYNAMIC -> {
                SplittableRandom rng = p.binarization() == Binarization.STATIC
                        ? new SplittableRandom(mix(p.noiseSeed(), -7, img)) : batchRng;
                for (int j = 0; j < pixels; j++) {
                    out[dst + j] = rng.nextDouble() < real[src + j] ? lo + range : lo;
                }
            }
            default -> throw new IllegalStateException(p.binarization().toString());
        }
    }

    private void bernoulli(byte[] raw, int src, float[] out, int dst, float lo, float range, SplittableRandom rng) {
        for (int j = 0; j < pixels; j++) {
            out[dst + j] = rng.nextDouble() * 255.0 < (raw[src + j] & 0xFF) ? lo + range : lo;
        }
    }

    static long mix(long seed, long a, long b) {
        long h = seed * GOLDEN + a;
        h = (h ^ (h >>> 31)) * GOLDEN + b;
        return h ^ (h >>> 29);
    }

    @Override
    public int inputColumns() {
        return pixels;
    }

    @Override
    public int totalOutcomes() {
        return p.target() == Target.INPUT ? pixels : p.data().numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Starts the next epoch if this one was begun, otherwise restarts the current one. */
    @Override
    public void reset() {
        position(cursor > 0 ? epoch + 1 : epoch, 0);
    }

    @Override
    public int batch() {
        return p.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return p.data().classNames();
    }
}
