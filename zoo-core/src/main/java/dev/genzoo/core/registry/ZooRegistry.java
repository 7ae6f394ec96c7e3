package dev.genzoo.core.registry;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.weights.ArtifactRef;
import dev.genzoo.core.weights.ArtifactUnavailableException;
import dev.genzoo.core.weights.LoadedArtifact;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.ModelArtifacts;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.weights.WeightStore;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of zoo entries with unique names, and the operations of {@link ModelZoo} on it. The
 * default registry behind {@code ModelZoo} is filled from the {@link ZooProvider} service
 * loader; a registry of one's own is useful for tests and for applications that register models
 * programmatically. Thread-safe.
 */
public final class ZooRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(ZooRegistry.class);

    private final Map<String, ZooEntry<?, ?>> entries = new LinkedHashMap<>();
    private final Map<String, String> origins = new LinkedHashMap<>();

    /** An empty registry. */
    public ZooRegistry() {
    }

    /**
     * A registry with the entries of every {@link ZooProvider} visible to {@code loader}.
     *
     * @throws IllegalStateException if two entries share a name, or a provider cannot be loaded
     */
    public static ZooRegistry fromServiceLoader(ClassLoader loader) {
        ZooRegistry registry = new ZooRegistry();
        for (ZooProvider provider : ServiceLoader.load(ZooProvider.class, loader)) {
            String origin = provider.getClass().getName();
            for (ZooEntry<?, ?> entry : provider.entries()) {
                registry.register(entry, origin);
            }
        }
        LOG.debug("Registered {} zoo entries", registry.entries.size());
        return registry;
    }

    /**
     * Adds an entry.
     *
     * @throws IllegalStateException if an entry of that name is already registered
     */
    public ZooRegistry register(ZooEntry<?, ?> entry) {
        return register(entry, "ZooRegistry.register");
    }

    private synchronized ZooRegistry register(ZooEntry<?, ?> entry, String origin) {
        String existing = origins.get(entry.name());
        if (existing != null) {
            throw new IllegalStateException("Duplicate zoo model name '" + entry.name() + "': registered by "
                    + existing + " and again by " + origin + "; model names must be unique across providers");
        }
        entries.put(entry.name(), entry);
        origins.put(entry.name(), origin);
        return this;
    }

    /** All entries in registration order. */
    public synchronized List<ZooEntry<?, ?>> list() {
        return List.copyOf(entries.values());
    }

    /** The entries of one family. */
    public List<ZooEntry<?, ?>> list(Family family) {
        return list().stream().filter(e -> e.family() == family).toList();
    }

    /** The entries carrying {@code tag}. */
    public List<ZooEntry<?, ?>> listByTag(String tag) {
        return list().stream().filter(e -> e.tags().contains(tag)).toList();
    }

    /** Registered names in registration order. */
    public synchronized List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The entry of {@code name}.
     *
     * @throws ModelNotFoundException listing the registered names and the closest one
     */
    public synchronized ZooEntry<?, ?> entry(String name) throws ModelNotFoundException {
        ZooEntry<?, ?> entry = entries.get(name);
        if (entry == null) {
            throw new ModelNotFoundException(Suggestions.unknown("model", name, entries.keySet(), null));
        }
        return entry;
    }

    /** An untrained model with its default configuration; the result type is the caller's to choose. */
    @SuppressWarnings("unchecked")
    public <M extends GenZooModel> M create(String name) throws ModelNotFoundException {
        return (M) entry(name).create();
    }

    /**
     * An untrained model with {@code config}.
     *
     * @throws IllegalArgumentException if {@code config} is not the entry's configuration type
     */
    @SuppressWarnings("unchecked")
    public <M extends GenZooModel> M create(String name, Record config) throws ModelNotFoundException {
        return (M) entry(name).createUnchecked(config);
    }

    /** {@link #load(String, String, WeightStore)} with the store configured by the environment now. */
    public <M extends GenZooModel> M load(String name, String variant)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        return load(name, variant, WeightStore.fromEnvironment());
    }

    /** {@code load("name:variant")}. */
    public <M extends GenZooModel> M load(String reference)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        int colon = reference.lastIndexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new IllegalArgumentException("reference must be 'name:variant', found '" + reference + "'");
        }
        return load(reference.substring(0, colon), reference.substring(colon + 1));
    }

    /**
     * A pretrained model: fetches the variant's artifact through {@code store}, verifies it and
     * restores the model.
     */
    public <M extends GenZooModel> M load(String name, String variant, WeightStore store)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        ZooEntry<?, ?> entry = entry(name);
        ArtifactRef ref = entry.variant(variant);
        Path dir = store.fetch(ref);
        return restore(entry, ModelArtifacts.load(dir));
    }

    /** The card of a pretrained variant, fetched and verified like the weights, without loading the networks. */
    public ModelCard card(String name, String variant)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        ArtifactRef ref = entry(name).variant(variant);
        return ModelArtifacts.readCard(WeightStore.fromEnvironment().fetch(ref));
    }

    /**
     * A model from an artifact folder (the card's name selects the entry), or from one checkpoint
     * folder of a training run ({@code ckpt-NNNNNNNNN}, holding {@code checkpoint.json} and no card;
     * its state names the model and its config), e.g. to look at a run that is still going.
     */
    public <M extends GenZooModel> M load(Path dir) throws ModelNotFoundException, MalformedModelException {
        if (!java.nio.file.Files.exists(dir.resolve(ModelCard.FILE_NAME))
                && java.nio.file.Files.isRegularFile(dir.resolve(dev.genzoo.core.train.Checkpoints.STATE_FILE))) {
            return restoreCheckpoint(dev.genzoo.core.train.Checkpoints.load(dir));
        }
        ModelCard card = ModelArtifacts.readCard(dir);
        ZooEntry<?, ?> entry = entry(card.name());
        return restore(entry, ModelArtifacts.load(dir));
    }

    @SuppressWarnings("unchecked")
    private <C extends Record, M extends GenZooModel> M restoreCheckpoint(dev.genzoo.core.train.Checkpoints.Loaded c)
            throws ModelNotFoundException, MalformedModelException {
        ZooEntry<C, ?> entry = (ZooEntry<C, ?>) entry(c.state().model());
        if (c.state().config() == null) {
            throw new MalformedModelException(c.folder() + ": the checkpoint records no config for '"
                    + c.state().model() + "'");
        }
        return (M) entry.restore(entry.configFromJson(c.state().config()), c.networks());
    }

    @SuppressWarnings("unchecked")
    private static <C extends Record, M extends GenZooModel> M restore(ZooEntry<C, ?> entry, LoadedArtifact artifact)
            throws MalformedModelException {
        ModelCard card = artifact.card();
        if (!card.name().equals(entry.name()) || card.family() != entry.family()) {
            throw new MalformedModelException("Artifact " + card.reference() + " (" + card.family()
                    + ") does not belong to model '" + entry.name() + "' (" + entry.family() + ")");
        }
        C config = entry.configFromJson(card.config());
        return (M) entry.restore(config, artifact.networks());
    }
}
