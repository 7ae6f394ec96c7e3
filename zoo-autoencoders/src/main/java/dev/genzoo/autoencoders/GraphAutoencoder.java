package dev.genzoo.autoencoders;

import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.AbstractZooModel;
import dev.genzoo.core.model.Networks;
import dev.genzoo.core.model.Autoencoder;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.engine.EngineOptions;
import dev.genzoo.engine.FastGraphTrainer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
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
public abstract class GraphAutoencoder extends AbstractZooModel implements Autoencoder {
    private final int codeSize;
    private final ReconstructionLoss loss;
    private final ComputationGraph graph;
    private final ComputationGraph encoder;
    private final ComputationGraph decoder;
    private final List<String> encoderLayers;
    private final List<String> decoderLayers;

    /** The three graphs of an autoencoder and the names of the layers they share. */
    protected record Parts(ComputationGraph graph, ComputationGraph encoder, ComputationGraph decoder,
            List<String> encoderLayers, List<String> decoderLayers) {
    }

    /** Wires the parts built by {@link #mlpParts} or a family's own builder. */
    protected GraphAutoencoder(String name, Record config, InputShape inputShape, int codeSize,
            ReconstructionLoss loss, Parts parts) {
        this(name, config, inputShape, codeSize, loss, parts.graph(), parts.encoder(), parts.decoder(),
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
    protected GraphAutoencoder(String name, Record config, InputShape inputShape, int codeSize,
            ReconstructionLoss loss, ComputationGraph graph, ComputationGraph encoder, ComputationGraph decoder,
            List<String> encoderLayers, List<String> decoderLayers) {
        super(name, config, inputShape);
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
        return Networks.single(graph);
    }

    @Override
    public INDArray encode(INDArray x) {
        checkInput(x);
        copyParams(encoder, encoderLayers);
        return encoder.outputSingle(false, x);
    }

    @Override
    public INDArray decode(INDArray z) {
        checkRows(z, codeSize, "codes");
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
        var fast = fastTrainer(EngineOptions.defaults());
        if (fast.isPresent()) {
            fast.get().fit(data, epochs);
        } else {
            graph.fit(data, epochs);
        }
    }

    private Optional<FastGraphTrainer> fast;
    private EngineOptions fastOptions;

    /**
     * The engine's trainer for this graph ({@link FastGraphTrainer}: same maths
     * as {@code graph.fit}, fewer native calls), or empty for a graph it does not support (the
     * sequence layers), which trains through {@code fit}.
     */
    public synchronized Optional<FastGraphTrainer> fastTrainer(
            EngineOptions options) {
        if (fast == null || !options.equals(fastOptions)) {
            fast = FastGraphTrainer.of(graph, options);
            fastOptions = options;
        }
        return fast;
    }

    /**
     * Trains on images scaled to [0,1], shuffled every epoch, with the clean image as target
     * (corruption, if any, is applied inside the graph), through the family's recipe
     * ({@link AutoencoderTraining}) and {@code TrainingLoop}: progress, metrics log, checkpoints and
     * resume as the options say.
     */
    public TrainingReport train(ImageDataset data, TrainingOptions options) {
        return AutoencoderTraining.INSTANCE.train(this, data, options);
    }

    /** The family's reconstruction metrics ({@link ReconstructionEvaluation}) on the whole of {@code data}. */
    public Map<String, ModelCard.Metric> evaluate(ImageDataset data) {
        return ReconstructionEvaluation.INSTANCE.evaluate(this, data);
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
}
