/**
 * GenZoo's generative models. {@link dev.genzoo.generative.GenerativeZooProvider} registers the
 * families of this module (VAEs in {@link dev.genzoo.generative.vae}; GANs and RBMs add their own
 * blocks) with the zoo through {@code META-INF/services}.
 */
package dev.genzoo.generative;
