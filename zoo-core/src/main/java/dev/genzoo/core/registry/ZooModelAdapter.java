package dev.genzoo.core.registry;

import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.model.InputShape;
import dev.genzoo.core.model.ZooException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.zoo.ModelMetaData;
import org.deeplearning4j.zoo.PretrainedType;
import org.deeplearning4j.zoo.ZooModel;
import org.deeplearning4j.zoo.ZooType;

/**
 * A single-network zoo model seen as a DL4J {@link ZooModel}, so code written against DL4J's zoo
 * meets a familiar shape: {@link #init()} returns the untrained network and
 * {@link #initPretrained(PretrainedType)} loads the variant named like the type in lower case
 * ({@code MNIST} -> {@code "mnist"}) through GenZoo's verified weight store, not through DL4J's
 * downloader. Models with several networks (GANs) are refused by {@code init()}: use
 * {@link GenZooModel#networks()}.
 */
public final class ZooModelAdapter extends ZooModel<ZooModelAdapter> {

    private final ZooRegistry registry;
    private final ZooEntry<?, ?> entry;
    private final Record config;

    private ZooModelAdapter(ZooRegistry registry, ZooEntry<?, ?> entry, Record config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.entry = Objects.requireNonNull(entry, "entry");
        this.config = entry.castConfig(config);
    }

    /** An adapter building {@code entry} with its default configuration. */
    public static ZooModelAdapter of(ZooRegistry registry, ZooEntry<?, ?> entry) {
        return new ZooModelAdapter(registry, entry, entry.defaultConfig());
    }

    /** An adapter building {@code entry} with {@code config}. */
    public static ZooModelAdapter of(ZooRegistry registry, ZooEntry<?, ?> entry, Record config) {
        return new ZooModelAdapter(registry, entry, config);
    }

    /** The untrained network (ComputationGraph or MultiLayerNetwork) of the model. */
    @Override
    @SuppressWarnings("unchecked")
    public <M extends Model> M init() {
        return (M) single(entry.createUnchecked(config));
    }

    /**
     * The pretrained network of variant {@code type.name().toLowerCase()}.
     *
     * @throws IOException wrapping the zoo's exception when the variant is unknown or unavailable
     */
    @Override
    @SuppressWarnings("unchecked")
    public <M extends Model> M initPretrained(PretrainedType type) throws IOException {
        try {
            return (M) single(registry.load(entry.name(), variantOf(type)));
        } catch (ZooException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    @Override
    public boolean pretrainedAvailable(PretrainedType type) {
        return entry.variants().containsKey(variantOf(type));
    }

    /** The variant's artifact location, or null when there is none. */
    @Override
    public String pretrainedUrl(PretrainedType type) {
        var ref = entry.variants().get(variantOf(type));
        return ref == null ? null : ref.location();
    }

    /**
     * Always 0: DL4J's Adler32 check is not used; {@link #initPretrained} verifies SHA-256 of
     * every file through the weight store.
     */
    @Override
    public long pretrainedChecksum(PretrainedType type) {
        return 0L;
    }

    @Override
    public String modelName() {
        return entry.name();
    }

    @Override
    public Class<? extends Model> modelType() {
        return single(entry.createUnchecked(config)).getClass();
    }

    @Override
    @Deprecated
    public ModelMetaData metaData() {
        InputShape s = inputShape();
        return new ModelMetaData(new int[][] {{s.channels(), s.height(), s.width()}}, 1, ZooType.CNN);
    }

    /**
     * Accepts only the shape the configuration already has: the input shape is part of the
     * configuration, so build the adapter with another config instead.
     */
    @Override
    public void setInputShape(int[][] inputShape) {
        InputShape s = inputShape();
        int[][] current = {{s.channels(), s.height(), s.width()}};
        if (!Arrays.deepEquals(current, inputShape)) {
            throw new UnsupportedOperationException("inputShape of zoo model '" + entry.name() + "' is fixed by its"
                    + " config to " + Arrays.deepToString(current) + ", found " + Arrays.deepToString(inputShape)
                    + "; use ZooModelAdapter.of(registry, entry, config) with another config");
        }
    }

    private InputShape inputShape() {
        return entry.createUnchecked(config).inputShape();
    }

    private static String variantOf(PretrainedType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }

    private Model single(GenZooModel model) {
        Map<String, Model> networks = model.networks();
        if (networks.size() != 1) {
            throw new UnsupportedOperationException("zoo model '" + entry.name() + "' has " + networks.size()
                    + " networks " + networks.keySet() + "; a DL4J ZooModel has one: use GenZooModel.networks()");
        }
        return networks.values().iterator().next();
    }
}
