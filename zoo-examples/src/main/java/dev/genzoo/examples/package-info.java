/**
 * Example mains, one per topic, each a short recipe over the library (run them with
 * {@code java -cp ... dev.genzoo.examples.NAME [outDir]}); and the {@code genzoo} CLI in
 * {@code dev.genzoo.examples.cli}.
 */
package dev.genzoo.examples;
