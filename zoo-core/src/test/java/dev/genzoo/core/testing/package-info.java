/**
 * Test helpers shared with other modules through zoo-core's test-jar: tiny models
 * ({@link dev.genzoo.core.testing.TinyModel}, {@link dev.genzoo.core.testing.TinyPairModel}),
 * the test SPI provider, a loopback artifact server
 * ({@link dev.genzoo.core.testing.ArtifactServer}) and assertions for model outputs.
 */
package dev.genzoo.core.testing;
