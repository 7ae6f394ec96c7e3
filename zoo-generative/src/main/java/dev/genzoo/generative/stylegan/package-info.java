/**
 * StyleGAN ({@link dev.genzoo.generative.stylegan.StyleGan}): a mapping network from z to w, a
 * synthesis network from a learned constant with per-layer styles (AdaIN) and noise, style mixing,
 * R1, a moving-average generator and the truncation trick; trained by
 * {@link dev.genzoo.generative.stylegan.StyleGanTraining} through the engine, measured by
 * {@link dev.genzoo.generative.stylegan.StyleGanEvaluation} (truncation sweep, mixing consistency).
 */
package dev.genzoo.generative.stylegan;
