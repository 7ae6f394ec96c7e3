/**
 * The zoo registry: {@link dev.genzoo.core.registry.ModelZoo} (static facade),
 * {@link dev.genzoo.core.registry.ZooEntry} (one model: name, family, config type and defaults,
 * factory, restorer, pretrained variants) and the {@link dev.genzoo.core.registry.ZooProvider}
 * service-provider interface through which modules and users register models.
 *
 * <p>Names are unique: a duplicate fails registration naming both providers. Lookups of an unknown
 * model or variant throw {@link dev.genzoo.core.registry.ModelNotFoundException} listing the valid
 * names and the closest one (Levenshtein distance). {@link dev.genzoo.core.registry.ZooModelAdapter}
 * presents a single-network model as a DL4J {@code ZooModel}.
 */
package dev.genzoo.core.registry;
