/**
 * CycleGAN (Zhu et al. 2017): unpaired image-to-image translation between two {@link
 * dev.genzoo.generative.cyclegan.DomainPair domains} of 28x28 images, trained through the engine's
 * custom-loop passes ({@link dev.genzoo.generative.cyclegan.CycleGanTrainer}), used through the
 * {@link dev.genzoo.core.model.Translator} handle and measured against ground truth, the zoo's
 * classifiers and the identity baseline ({@link dev.genzoo.generative.cyclegan.CycleGanEvaluation}).
 */
package dev.genzoo.generative.cyclegan;
