/**
 * Classifiers trained by the project on each data set, shipped as zoo entries
 * ({@code classifier-mnist}, {@code classifier-fashion-mnist}). They are the judges of generated
 * images: their penultimate features feed FID, KID and precision/recall and their predictions the
 * classifier score and class coverage ({@code dev.genzoo.core.eval.GenerativeEvaluation}). They
 * live here, beside the generative families they evaluate, because zoo-core holds only the
 * family-neutral handles and metrics, never a concrete network.
 */
package dev.genzoo.generative.classifier;
