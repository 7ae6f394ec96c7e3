package dev.genzoo.core.registry;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.weights.ArtifactUnavailableException;
import dev.genzoo.core.weights.MalformedModelException;
import java.nio.file.Path;
import java.util.List;

/**
 * The zoo: list models, build them untrained, or load pretrained variants, verified and cached.
 *
 * <pre>{@code
 * List<ZooEntry<?, ?>> all = ModelZoo.list();
 * Vae vae = ModelZoo.load("vae-mlp", "mnist");      // or ModelZoo.load("vae-mlp:mnist")
 * Autoencoder ae = ModelZoo.create("denoising-ae"); // untrained, default config
 * }</pre>
 *
 * <p>Entries come from every {@link ZooProvider} visible to the context class loader
 * (GenZoo's own loader when there is none), read once on first use; {@link #reload()} reads them again. Weights
 * come through a {@link dev.genzoo.core.weights.WeightStore} configured from the environment at
 * each call. The handle type of {@code create} and {@code load} is inferred from the assignment;
 * assigning to the wrong handle fails with a {@link ClassCastException} at the call site.
 */
public final class ModelZoo {

    private static volatile ZooRegistry registry;

    private ModelZoo() {
    }

    /** The registry behind this facade, loading the providers on first use. */
    public static ZooRegistry registry() {
        ZooRegistry r = registry;
        if (r == null) {
            synchronized (ModelZoo.class) {
                r = registry;
                if (r == null) {
                    r = ZooRegistry.fromServiceLoader(classLoader());
                    registry = r;
                }
            }
        }
        return r;
    }

    /** Reads the providers again, e.g. after jars were added to a notebook's class path. */
    public static synchronized void reload() {
        registry = ZooRegistry.fromServiceLoader(classLoader());
    }

    /** Every registered model. */
    public static List<ZooEntry<?, ?>> list() {
        return registry().list();
    }

    /** The models of one family. */
    public static List<ZooEntry<?, ?>> list(Family family) {
        return registry().list(family);
    }

    /** The models carrying a tag. */
    public static List<ZooEntry<?, ?>> listByTag(String tag) {
        return registry().listByTag(tag);
    }

    /** The entry of a model; the exception lists the valid names and the closest one. */
    public static ZooEntry<?, ?> entry(String name) throws ModelNotFoundException {
        return registry().entry(name);
    }

    /** An untrained model with its default configuration. */
    public static <M extends GenZooModel> M create(String name) throws ModelNotFoundException {
        return registry().create(name);
    }

    /** An untrained model with {@code config}, which must be the entry's configuration record type. */
    public static <M extends GenZooModel> M create(String name, Record config) throws ModelNotFoundException {
        return registry().create(name, config);
    }

    /** A pretrained variant, fetched, verified and restored. */
    public static <M extends GenZooModel> M load(String name, String variant)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        return registry().load(name, variant);
    }

    /** A pretrained variant given as {@code "name:variant"}. */
    public static <M extends GenZooModel> M load(String reference)
            throws ModelNotFoundException, ArtifactUnavailableException, MalformedModelException {
        return registry().load(reference);
    }

    /** A model from an artifact folder written by {@code ModelArtifacts.save}; the card names the entry. */
    public static <M extends GenZooModel> M load(Path dir) throws ModelNotFoundException, MalformedModelException {
        return registry().load(dir);
    }

    /** A single-network model as a DL4J {@code ZooModel}, for code written against DL4J's zoo. */
    public static ZooModelAdapter asDl4jZooModel(String name) throws ModelNotFoundException {
        return ZooModelAdapter.of(registry(), entry(name));
    }

    private static ClassLoader classLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : ModelZoo.class.getClassLoader();
    }
}
