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
 * <p>Safety: no file is Java-deserialised. Every DL4J zip, an artifact's or a training
 * checkpoint's (whose folder is untrusted: whoever supplies it writes its hashes too), reaches DL4J
 * only through {@link dev.genzoo.core.weights.SafeZip#restore}: its entries are checked against an
 * allow-list (DL4J would Java-deserialise a {@code preprocessor.bin} entry), each capped at a size
 * that fits what it holds and counted while it is unpacked, and the zip is rebuilt in memory from
 * the allowed entries; nothing is extracted to disk, and every file name taken from a card is a
 * single safe path segment, so no entry can be written outside its folder.
 */
package dev.genzoo.core.weights;
