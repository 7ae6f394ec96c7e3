/**
 * Evaluation metrics, each tested against closed forms or hand-computed cases, each documenting
 * the protocol (split, sample count, features) that makes its numbers comparable.
 *
 * <ul>
 *   <li>Reconstruction: {@link dev.genzoo.core.eval.Reconstruction} (SSE, MSE, BCE, PSNR) and
 *       {@link dev.genzoo.core.eval.Ssim}.</li>
 *   <li>Likelihood: {@link dev.genzoo.core.eval.Likelihood} (log-mean-exp, nats and bits/dim).</li>
 *   <li>Generated images, on a classifier's features and predictions:
 *       {@link dev.genzoo.core.eval.FrechetDistance} (FID),
 *       {@link dev.genzoo.core.eval.KernelInceptionDistance} (KID),
 *       {@link dev.genzoo.core.eval.ClassifierScore} (IS),
 *       {@link dev.genzoo.core.eval.PrecisionRecall}, {@link dev.genzoo.core.eval.ClassCoverage}, and
 *       all of them at once with {@link dev.genzoo.core.eval.GenerativeEvaluation}.</li>
 *   <li>Anomaly detection: {@link dev.genzoo.core.eval.Ranking} (AUROC, AUPRC, threshold at an FPR).</li>
 *   <li>Representations: {@link dev.genzoo.core.eval.Representation} (linear probe, k-NN).</li>
 * </ul>
 */
package dev.genzoo.core.eval;
