/** Non-neural baselines with the zoo's model interfaces: PCA for the autoencoders. */
package dev.genzoo.core.baseline;
