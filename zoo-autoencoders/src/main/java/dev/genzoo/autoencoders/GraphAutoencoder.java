package dev.genzoo.autoencoders;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.eval.Reconstruction;
import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.data.DataPipeline;
import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingLoop;
import dev.genzoo.core.train.TrainingStep;
import dev.genzoo.core.train.Trainable;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.model.InputShape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Common behaviour of the zoo's autoencoders: one trained {@link ComputationGraph} (input →
 * reconstruction) plus an encoder-only and a decoder-only graph with the same layer names, whose
 * parameters are copied from the trained graph before use (a copy of at most a few MB, cheaper
 * than running the half of the graph not needed). Inputs are checked for shape and for NaN.
 */
public abstract class GraphAutoencoder implements Autoencoder, Trainable {
    private final String name;
    private final Record config;
    private final InputShape inputShape;
    private final int codeSize;
    private final ReconstructionLoss loss;
    private final ComputationGraph graph;
    private final ComputationGraph encoder;
    private final ComputationGraph decoder;
    private final List<String> encoderLayers;
    private final List<String> decoderLayers;
    private final boolean imageInput;

    /** The three graphs of an autoencoder and the names of the layers they share. */
    protected record Parts(ComputationGraph graph, ComputationGraph encoder, ComputationGraph decoder,
            List<String> encoderLayers, List<String> decoderLayers) {
    }

    /** Wires the parts built by {@link #mlpParts} or a family's own builder. */
    protected GraphAutoencoder(String name, Record config, InputShape inputShape, boolean imageInput, int codeSize,
            ReconstructionLoss loss, Parts parts) {
        this(name, config, inputShape, imageInput, codeSize, loss, parts.graph(), parts.encoder(), parts.decoder(),
                parts.encoderLayers(), parts.decoderLayers());
    }

    /** Builds the three graphs of a dense autoencoder; {@code restored} (or null) replaces the fresh full graph. */
    static Parts mlpParts(MlpArchitecture arch, ComputationGraph restored) {
        ComputationGraph graph = restored;
        if (graph == null) {
            graph = new ComputationGraph(arch.full());
            graph.init();
        }
        ComputationGraph enc = new ComputationGraph(arch.encoder());
        enc.init();
        ComputationGraph dec = new ComputationGraph(arch.decoder());
        dec.init();
        return new Parts(graph, enc, dec, arch.encoderLayers(), arch.decoderLayers());
    }

    /** Wires the three graphs; {@code graph} is initialised by the caller (fresh or restored). */
    protected GraphAutoencoder(String name, Record config, InputShape inputShape, boolean imageInput, int codeSize,
            ReconstructionLoss loss, ComputationGraph graph, ComputationGraph encoder, ComputationGraph decoder,
            List<String> encoderLayers, List<String> decoderLayers) {
        this.name = name;
        this.config = config;
        this.inputShape = inputShape;
        this.imageInput = imageInput;
        this.codeSize = codeSize;
        this.loss = loss;
        this.graph = graph;
        this.encoder = encoder;
        this.decoder = decoder;
        this.encoderLayers = List.copyOf(encoderLayers);
        this.decoderLayers = List.copyOf(decoderLayers);
        long expected = encoderParams() + decoderParams();
        if (expected != graph.numParams()) {
            throw new IllegalArgumentException(name + ": the graph has " + graph.numParams()
                    + " parameters but its encoder and decoder layers hold " + expected
                    + "; the network does not match the configuration " + config);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Record config() {
        return config;
    }

    @Override
    public InputShape inputShape() {
        return inputShape;
    }

    @Override
    public int latentSize() {
        return codeSize;
    }

    /** The reconstruction loss the model was trained with. */
    public ReconstructionLoss loss() {
        return loss;
    }

    /** The trained DL4J graph (input → reconstruction). */
    public ComputationGraph graph() {
        return graph;
    }

    @Override
    public Map<String, Model> networks() {
        Map<String, Model> m = new LinkedHashMap<>();
        m.put("graph", graph);
        return m;
    }

    @Override
    public INDArray encode(INDArray x) {
        checkInput(x);
        copyParams(encoder, encoderLayers);
        return encoder.outputSingle(false, x);
    }

    @Override
    public INDArray decode(INDArray z) {
        if (z.rank() != 2 || z.size(1) != codeSize) {
            throw new IllegalArgumentException(name + ".decode: codes must have shape [n, " + codeSize + "], found "
                    + Arrays.toString(z.shape()));
        }
        checkFinite(z, "code");
        copyParams(decoder, decoderLayers);
        return decoder.outputSingle(false, z);
    }

    @Override
    public INDArray reconstruct(INDArray x) {
        checkInput(x);
        return graph.outputSingle(false, x);
    }

    /** Per-example loss between {@code x} and its reconstruction: BCE summed over values, or SSE. */
    @Override
    public INDArray reconstructionError(INDArray x) {
        INDArray r = reconstruct(x);
        return loss.perExample(x, r);
    }

    /** Trains for {@code epochs} passes over {@code data} (its labels must be the clean inputs). */
    public void fit(DataSetIterator data, int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be >= 1, found " + epochs);
        }
        var fast = fastTrainer();
        if (fast.isPresent()) {
            fast.get().fit(data, epochs);
        } else {
            graph.fit(data, epochs);
        }
    }

    private java.util.Optional<dev.genzoo.engine.FastGraphTrainer> fast;

    /**
     * The fast trainer for this graph ({@link dev.genzoo.engine.FastGraphTrainer}: same maths
     * as {@code graph.fit}, fewer native calls), or empty for a graph it does not support (the
     * contractive layer, activity regularisation, convolutions), which train through {@code fit}.
     */
    public synchronized java.util.Optional<dev.genzoo.engine.FastGraphTrainer> fastTrainer() {
        if (fast == null) {
            fast = dev.genzoo.engine.FastGraphTrainer.of(graph);
        }
        return fast;
    }

    /**
     * Trains on images scaled to [0,1], shuffled every epoch, with the clean image as target
     * (corruption, if any, is applied inside the graph), step by step through {@link TrainingLoop}:
     * progress, metrics log, checkpoints and resume as the options say.
     */
    @Override
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return TrainingLoop.builder().setModel(this).setData(trainingPipeline(data, options).iterator())
                .setStep(trainingStep()).setOptions(options).build().run();
    }

    /** The data {@link #train} iterates: batches of {@code options}, shuffled with its seed, clean targets. */
    public DataPipeline trainingPipeline(ImageDataset data, TrainingOptions options) {
        var pipeline = data.batch(options.batchSize()).shuffle(options.seed())
                .layout(imageInput ? Layout.IMAGE : Layout.FLAT);
        return options.limit() > 0 ? pipeline.limit(options.limit()) : pipeline;
    }

    /** One optimisation step of the graph on a batch of {@link #trainingPipeline}; the loss is DL4J's score. */
    public TrainingStep trainingStep() {
        var trainer = fastTrainer();
        return batch -> {
            if (trainer.isPresent()) {
                return StepResult.of(trainer.get().fit(batch));
            }
            graph.fit(batch);
            return StepResult.of(graph.score());
        };
    }

    /**
     * Reconstruction metrics over the whole of {@code data} (pixels/255, no noise, no
     * binarization): SSE per image, MSE per pixel, BCE per image and PSNR, each a mean over images.
     */
    @Override
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        ImageDataSetIterator it = data.batch(500).layout(imageInput ? Layout.IMAGE : Layout.FLAT).iterator();
        double sse = 0;
        double bce = 0;
        double psnr = 0;
        long n = 0;
        while (it.hasNext()) {
            INDArray x = it.next().getFeatures();
            INDArray r = reconstruct(x);
            sse += Reconstruction.sse(x, r).sumNumber().doubleValue();
            bce += Reconstruction.bce(x, r).sumNumber().doubleValue();
            psnr += Reconstruction.psnr(x, r).sumNumber().doubleValue();
            n += x.size(0);
        }
        String protocol = "mean over the " + n + " images of " + data.name() + ", pixels/255, deterministic"
                + " reconstruction";
        Map<String, ModelCard.Metric> m = new LinkedHashMap<>();
        m.put("sse_per_image", new ModelCard.Metric(sse / n, "sum of squared errors over " + inputShape.size() + " values, " + protocol));
        m.put("mse_per_pixel", new ModelCard.Metric(sse / n / inputShape.size(), "squared error per pixel, " + protocol));
        m.put("bce_per_image", new ModelCard.Metric(bce / n, "binary cross-entropy in nats summed over pixels, "
                + protocol));
        m.put("psnr_db", new ModelCard.Metric(psnr / n, "PSNR in dB with peak 1, " + protocol));
        return m;
    }

    /** Mean training loss of {@code x} against itself, including regularisation terms. */
    public double score(INDArray x) {
        checkInput(x);
        return graph.score(new org.nd4j.linalg.dataset.DataSet(x, x));
    }

    private void copyParams(ComputationGraph target, List<String> layers) {
        for (String layer : layers) {
            var src = graph.getLayer(layer);
            if (src.numParams() > 0) {
                target.getLayer(layer).setParams(src.params());
            }
        }
    }

    private long encoderParams() {
        return encoderLayers.stream().mapToLong(l -> graph.getLayer(l).numParams()).sum();
    }

    private long decoderParams() {
        return decoderLayers.stream().mapToLong(l -> graph.getLayer(l).numParams()).sum();
    }

    /** Throws when {@code x} does not have this model's input shape or holds NaN / infinity. */
    protected void checkInput(INDArray x) {
        long[] s = x.shape();
        boolean ok = imageInput
                ? s.length == 4 && s[1] == inputShape.channels() && s[2] == inputShape.height()
                        && s[3] == inputShape.width()
                : s.length == 2 && s[1] == inputShape.size();
        if (!ok) {
            String expected = imageInput ? "[n, " + inputShape.channels() + ", " + inputShape.height() + ", "
                    + inputShape.width() + "]" : "[n, " + inputShape.size() + "]";
            throw new IllegalArgumentException(name + ": input must have shape " + expected + ", found "
                    + Arrays.toString(s));
        }
        checkFinite(x, "input");
    }

    private void checkFinite(INDArray x, String what) {
        double s = x.sumNumber().doubleValue();
        if (!Double.isFinite(s)) {
            throw new IllegalArgumentException(name + ": " + what + " contains NaN or infinite values");
        }
    }

    @Override
    public String toString() {
        return name + " " + config;
    }
}
