/**
 * Example mains, one per topic, each a short recipe over the library (run them with
 * {@code java -cp ... dev.genzoo.examples.NAME [outDir]}), and the notebook helpers
 * ({@code dev.genzoo.examples.notebook}). The {@code genzoo} command lives in {@code zoo-cli}.
 */
package dev.genzoo.examples;
