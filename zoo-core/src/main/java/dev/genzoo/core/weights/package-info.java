/**
 * Pretrained weights: model cards, the artifact format, and the verified, cached, offline-capable
 * weight store.
 *
 * <p>An artifact is a folder with {@code model-card.json} ({@link dev.genzoo.core.weights.ModelCard})
 * and one DL4J {@code ModelSerializer} zip per network. {@link dev.genzoo.core.weights.ModelArtifacts}
 * writes and reads such folders; {@link dev.genzoo.core.weights.WeightStore} fetches them from
 * {@code classpath:}, {@code file:} or {@code http(s):} locations into a cache
 * ({@code GENZOO_HOME} / {@code -Dgenzoo.home}, default {@code ~/.genzoo}), with SHA-256 checks on
 * every fetch and load, atomic moves, a cross-process lock, and an offline mode
 * ({@code GENZOO_OFFLINE=1} / {@code -Dgenzoo.offline=true}); both read through
 * {@link dev.genzoo.core.Settings}.
 *
 * <p>Safety: downloaded content is never Java-deserialised. Network zips reach DL4J only after
 * their hash is verified and their entries are checked against an allow-list (DL4J would
 * Java-deserialise a {@code preprocessor.bin} entry); nothing is extracted to disk, and every file
 * name taken from a card is a single safe path segment, so no entry can be written outside its
 * folder.
 */
package dev.genzoo.core.weights;
