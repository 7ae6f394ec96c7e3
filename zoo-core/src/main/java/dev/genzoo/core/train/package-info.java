/**
 * Training support: the {@link dev.genzoo.core.train.Trainable} contract the CLI drives, options
 * and reports, and listeners.
 */
package dev.genzoo.core.train;
