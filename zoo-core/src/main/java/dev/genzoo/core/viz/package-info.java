/**
 * Pictures of what models do, all written as PNG (atomically): image grids
 * ({@link dev.genzoo.core.viz.ImageGrid}), grids with row labels for interpolation strips and latent
 * traversals ({@link dev.genzoo.core.viz.LabeledGrid}), a 2-D latent scatter coloured by class
 * ({@link dev.genzoo.core.viz.LatentScatter}) and loss curves ({@link dev.genzoo.core.viz.LossCurves}),
 * the last two drawn with XChart.
 */
package dev.genzoo.core.viz;
