/**
 * The autoencoder family: undercomplete, overcomplete, denoising, sparse, contractive, stochastic
 * and convolutional autoencoders, each a DL4J {@code ComputationGraph} built from a validated
 * {@code Config} record and registered in the zoo.
 *
 * <p>Design notes. Regularisers live inside the graph, never in a custom training loop: input
 * corruption and code noise are DL4J {@code IDropout}s ({@code CorruptionNoise}, active in
 * training only), sparsity is an {@code ActivityRegularizationLayer} after the code, the
 * contractive penalty a {@code ContractiveDenseLayer}, weight penalties DL4J's own L1/L2. So
 * {@code graph().fit(iterator)} with clean inputs as targets trains every member, the saved
 * graph JSON is the whole model, and {@code score()} is L_rec + λR. Encoding and decoding use an
 * encoder-only and a decoder-only graph with the same layer names, whose parameters are copied
 * from the trained graph before use.
 *
 * <p>Loss by data type: {@link dev.genzoo.autoencoders.ReconstructionLoss#BCE} (sigmoid output)
 * for binary or [0,1] data, the default for MNIST and Fashion-MNIST;
 * {@link dev.genzoo.autoencoders.ReconstructionLoss#MSE} (linear output) for real values.
 */
package dev.genzoo.autoencoders;
