package dev.genzoo.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.eval.EvaluationProtocol;
import dev.genzoo.core.model.GenZooModel;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingRecipe;
import dev.genzoo.core.train.TrainingReport;
import dev.genzoo.core.weights.ModelCard;
import dev.genzoo.core.weights.ArtifactRef;
import dev.genzoo.core.weights.MalformedModelException;
import dev.genzoo.core.weights.Names;
import dev.genzoo.core.weights.ZooJson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.deeplearning4j.nn.api.Model;

/**
 * One model of the zoo: its name, family, description, configuration type with defaults, how to
 * build it untrained and how to rebuild it around pretrained networks, and its pretrained
 * variants. Immutable; built with {@link #builder()}.
 *
 * <pre>{@code
 * ZooEntry<Config, MyAe> entry = ZooEntry.<Config, MyAe>builder()
 *         .setName("my-ae").setFamily(Family.AUTOENCODER)
 *         .setConfig(Config.class, Config.defaults())
 *         .setFactory(MyAe::new).setRestorer(MyAe::restore)
 *         .optDescription("...").optTags("mlp", "mnist")
 *         .optVariant("mnist", "classpath:genzoo/models/my-ae/mnist/")
 *         .build();
 * }</pre>
 *
 * @param <C> configuration record type
 * @param <M> model type
 */
public final class ZooEntry<C extends Record, M extends GenZooModel> {

    private final String name;
    private final Family family;
    private final String description;
    private final Set<String> tags;
    private final String reference;
    private final Class<C> configType;
    private final C defaultConfig;
    private final Function<? super C, ? extends M> factory;
    private final ModelRestorer<C, ? extends M> restorer;
    private final Map<String, ArtifactRef> variants;
    private final TrainingRecipe<? super M> training;
    private final EvaluationProtocol<? super M> evaluation;
    private final List<String> headlineMetrics;
    private final Map<String, String> comparisons;

    private ZooEntry(Builder<C, M> b) {
        this.name = b.name;
        this.family = b.family;
        this.description = b.description;
        this.tags = Collections.unmodifiableSet(new LinkedHashSet<>(b.tags));
        this.reference = b.reference;
        this.configType = b.configType;
        this.defaultConfig = b.defaultConfig;
        this.factory = b.factory;
        this.restorer = b.restorer;
        this.variants = Collections.unmodifiableMap(new LinkedHashMap<>(b.variants));
        this.training = b.training;
        this.evaluation = b.evaluation;
        this.headlineMetrics = List.copyOf(b.headlineMetrics);
        this.comparisons = Collections.unmodifiableMap(new LinkedHashMap<>(b.comparisons));
    }

    /** The family's training recipe, or empty for a model that is not trained from the command line. */
    public Optional<TrainingRecipe<? super M>> training() {
        return Optional.ofNullable(training);
    }

    /** The family's evaluation protocol, or empty. */
    public Optional<EvaluationProtocol<? super M>> evaluation() {
        return Optional.ofNullable(evaluation);
    }

    /** The metrics that summarise this model in tables (e.g. {@code sse_per_image}), in order. */
    public List<String> headlineMetrics() {
        return headlineMetrics;
    }

    /** What a pretrained variant's figures compare with (published figures, baselines, targets); empty if none. */
    public String comparison(String variantName) {
        return comparisons.getOrDefault(variantName, "");
    }

    /**
     * Trains {@code model} (a model of this entry) with the family's recipe.
     *
     * @throws IllegalArgumentException if the model is not this entry's, or the entry has no recipe
     */
    public TrainingReport train(GenZooModel model, ImageDataset data, TrainingOptions options) {
        TrainingRecipe<? super M> recipe = training().orElseThrow(() -> new IllegalArgumentException("model '"
                + name + "' (" + family + ") has no training recipe"));
        return recipe.train(own(model), data, options);
    }

    /**
     * The family's metrics of {@code model} (a model of this entry) on {@code data}.
     *
     * @throws IllegalArgumentException if the model is not this entry's, or the entry has no protocol
     */
    public Map<String, ModelCard.Metric> evaluate(GenZooModel model, ImageDataset data) {
        EvaluationProtocol<? super M> protocol = evaluation().orElseThrow(() -> new IllegalArgumentException("model '"
                + name + "' (" + family + ") has no evaluation protocol"));
        return protocol.evaluate(own(model), data);
    }

    @SuppressWarnings("unchecked")
    private M own(GenZooModel model) {
        Objects.requireNonNull(model, "model");
        if (!model.name().equals(name)) {
            throw new IllegalArgumentException("model '" + model.name() + "' is not a '" + name + "' model");
        }
        return (M) model;
    }

    /** A builder; {@code setX} methods are required, {@code optX} optional. */
    public static <C extends Record, M extends GenZooModel> Builder<C, M> builder() {
        return new Builder<>();
    }

    /** Registry name, e.g. {@code "vae-mlp"}. */
    public String name() {
        return name;
    }

    /** Model family. */
    public Family family() {
        return family;
    }

    /** One-line description. */
    public String description() {
        return description;
    }

    /** Tags for filtering, e.g. {@code "mnist"}, {@code "conv"}. */
    public Set<String> tags() {
        return tags;
    }

    /** Paper or reference link, or the empty string. */
    public String reference() {
        return reference;
    }

    /** The configuration record type. */
    public Class<C> configType() {
        return configType;
    }

    /** The default configuration. */
    public C defaultConfig() {
        return defaultConfig;
    }

    /** Pretrained variants: variant name to artifact reference, in registration order. */
    public Map<String, ArtifactRef> variants() {
        return variants;
    }

    /** An untrained model with the default configuration. */
    public M create() {
        return create(defaultConfig);
    }

    /** An untrained model with {@code config}. */
    public M create(C config) {
        Objects.requireNonNull(config, "config");
        return factory.apply(configType.cast(config));
    }

    /**
     * An untrained model from a config of unchecked type, e.g. one a user passed to
     * {@code ModelZoo.create(name, config)}.
     *
     * @throws IllegalArgumentException if {@code config} is not a {@link #configType()}
     */
    public M createUnchecked(Record config) {
        return create(castConfig(config));
    }

    /**
     * The model of {@code config} around restored networks.
     *
     * @throws MalformedModelException if the networks do not fit the model
     */
    public M restore(C config, Map<String, Model> networks) throws MalformedModelException {
        try {
            return restorer.restore(config, Collections.unmodifiableMap(new LinkedHashMap<>(networks)));
        } catch (IllegalArgumentException | IllegalStateException | ClassCastException e) {
            throw new MalformedModelException("The networks " + networks.keySet() + " do not fit model '" + name
                    + "': " + e.getMessage(), e);
        }
    }

    /** The artifact of one variant. */
    public ArtifactRef variant(String variantName) throws ModelNotFoundException {
        ArtifactRef ref = variants.get(variantName);
        if (ref == null) {
            String context = "of model '" + name + "'";
            throw new ModelNotFoundException(Suggestions.unknown("variant", variantName, variants.keySet(), context)
                    + (variants.isEmpty() ? ". This model has no pretrained weights; use ModelZoo.create(\"" + name
                    + "\") for an untrained model." : ""));
        }
        return ref;
    }

    /** The configuration as JSON. */
    public JsonNode configToJson(C config) {
        return ZooJson.toTree(config);
    }

    /**
     * Binds JSON (e.g. a model card's config) to the configuration type; the record's compact
     * constructor validates it.
     *
     * @throws MalformedModelException if the JSON does not bind or validate
     */
    public C configFromJson(JsonNode json) throws MalformedModelException {
        if (json == null || json.isNull()) {
            throw new MalformedModelException("No config for model '" + name + "'");
        }
        try {
            return ZooJson.fromTree(json, configType);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedModelException("Config of model '" + name + "' does not bind to "
                    + configType.getName() + ": " + e.getMessage(), e);
        }
    }

    C castConfig(Record config) {
        if (!configType.isInstance(config)) {
            throw new IllegalArgumentException("config for model '" + name + "' must be a " + configType.getName()
                    + ", found " + (config == null ? "null" : config.getClass().getName()));
        }
        return configType.cast(config);
    }

    @Override
    public String toString() {
        return name + " (" + family + ", variants " + variants.keySet() + ")";
    }

    /**
     * Builder for {@link ZooEntry}.
     *
     * @param <C> configuration record type
     * @param <M> model type
     */
    public static final class Builder<C extends Record, M extends GenZooModel> {
        private String name;
        private Family family;
        private String description = "";
        private final List<String> tags = new ArrayList<>();
        private String reference = "";
        private Class<C> configType;
        private C defaultConfig;
        private Function<? super C, ? extends M> factory;
        private ModelRestorer<C, ? extends M> restorer;
        private final Map<String, ArtifactRef> variants = new LinkedHashMap<>();
        private TrainingRecipe<? super M> training;
        private EvaluationProtocol<? super M> evaluation;
        private final List<String> headlineMetrics = new ArrayList<>();
        private final Map<String, String> comparisons = new LinkedHashMap<>();

        private Builder() {
        }

        /** The family's training recipe: what {@code genzoo train} runs. */
        public Builder<C, M> optTraining(TrainingRecipe<? super M> recipe) {
            this.training = Objects.requireNonNull(recipe, "training recipe");
            return this;
        }

        /** The family's evaluation protocol: what {@code genzoo evaluate} reports and cards record. */
        public Builder<C, M> optEvaluation(EvaluationProtocol<? super M> protocol) {
            this.evaluation = Objects.requireNonNull(protocol, "evaluation protocol");
            return this;
        }

        /** The metrics that summarise the model in tables, in order. */
        public Builder<C, M> optHeadlineMetrics(String... metrics) {
            headlineMetrics.clear();
            for (String m : metrics) {
                headlineMetrics.add(Names.require("metric", m));
            }
            return this;
        }

        /** What a variant's figures compare with (published figures, baselines, targets). */
        public Builder<C, M> optComparison(String variant, String text) {
            comparisons.put(Names.require("variant", variant), Objects.requireNonNull(text, "comparison"));
            return this;
        }

        /** Registry name: letters, digits, '.', '_', '-'. Required. */
        public Builder<C, M> setName(String n) {
            this.name = Names.require("name", n);
            return this;
        }

        /** Family. Required. */
        public Builder<C, M> setFamily(Family f) {
            this.family = Objects.requireNonNull(f, "family");
            return this;
        }

        /** Configuration type and its default value. Required. */
        public Builder<C, M> setConfig(Class<C> type, C defaults) {
            this.configType = Objects.requireNonNull(type, "configType");
            this.defaultConfig = type.cast(Objects.requireNonNull(defaults, "defaultConfig"));
            return this;
        }

        /** Builds an untrained model from a config. Required. */
        public Builder<C, M> setFactory(Function<? super C, ? extends M> f) {
            this.factory = Objects.requireNonNull(f, "factory");
            return this;
        }

        /** Rebuilds a model around restored networks. Required. */
        public Builder<C, M> setRestorer(ModelRestorer<C, ? extends M> r) {
            this.restorer = Objects.requireNonNull(r, "restorer");
            return this;
        }

        /** One-line description. */
        public Builder<C, M> optDescription(String d) {
            this.description = Objects.requireNonNull(d, "description");
            return this;
        }

        /** Tags for filtering. */
        public Builder<C, M> optTags(String... t) {
            for (String tag : t) {
                tags.add(Names.require("tag", tag));
            }
            return this;
        }

        /** Paper or reference link. */
        public Builder<C, M> optReference(String link) {
            this.reference = Objects.requireNonNull(link, "reference");
            return this;
        }

        /**
         * A variant bundled in {@code owner}'s jar under {@code genzoo/models/NAME/VARIANT/}, with its
         * comparison line, registered only when its card is on that class path (a variant still being
         * trained is simply absent). {@code setName} must come first.
         */
        public Builder<C, M> optBundledVariant(Class<?> owner, String variant, String comparison) {
            if (name == null) {
                throw new IllegalStateException("setName must come before optBundledVariant");
            }
            String path = "genzoo/models/" + name + "/" + variant + "/";
            if (owner.getClassLoader().getResource(path + "model-card.json") != null) {
                optVariant(variant, "classpath:" + path);
                optComparison(variant, comparison);
            }
            return this;
        }

        /** A pretrained variant whose card is trusted as found at {@code location}. */
        public Builder<C, M> optVariant(String variant, String location) {
            return optVariant(variant, location, null);
        }

        /** A pretrained variant whose card must have SHA-256 {@code cardSha256}. */
        public Builder<C, M> optVariant(String variant, String location, String cardSha256) {
            if (name == null) {
                throw new IllegalStateException("setName must come before optVariant");
            }
            if (variants.containsKey(variant)) {
                throw new IllegalArgumentException("variant '" + variant + "' of model '" + name
                        + "' is given twice");
            }
            variants.put(variant, new ArtifactRef(name, variant, location, cardSha256));
            return this;
        }

        /**
         * The entry.
         *
         * @throws IllegalStateException naming the first missing required setting
         */
        public ZooEntry<C, M> build() {
            require("setName", name);
            require("setFamily", family);
            require("setConfig", configType);
            require("setFactory", factory);
            require("setRestorer", restorer);
            return new ZooEntry<>(this);
        }

        private void require(String setter, Object value) {
            if (value == null) {
                throw new IllegalStateException("ZooEntry" + (name == null ? "" : " '" + name + "'") + " needs "
                        + setter + "(...) before build()");
            }
        }
    }
}
