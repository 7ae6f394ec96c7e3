package dev.genzoo.engine;

/**
 * Explicit switches of the engine's trainers, given when a trainer is made ({@code of(net, options)})
 * instead of read from system properties or the environment.
 *
 * @param sideThread          whether a step may use the engine's second thread: parameter-gradient
 *                            products and optimiser steps beside the backward pass, large products
 *                            split by rows, element-wise passes split in halves. Only takes effect on
 *                            a machine with more than one core; off, every task runs inline on the
 *                            calling thread with the same results.
 * @param largeProductThreads BLAS threads for the convolution products of at least 400 MFLOP (the
 *                            smaller ones stay on BLAS's current setting, one thread under the
 *                            launcher); 0 leaves every product on BLAS's current setting (what a user
 *                            who chose the BLAS thread count wants)
 */
public record EngineOptions(boolean sideThread, int largeProductThreads) {

    /** Checks the thread count. */
    public EngineOptions {
        if (largeProductThreads < 0) {
            throw new IllegalArgumentException("largeProductThreads must be >= 0 (0 = leave BLAS as set), found "
                    + largeProductThreads);
        }
    }

    /** The defaults: the side thread, and every core for the large products. */
    public static EngineOptions defaults() {
        return new EngineOptions(true, Runtime.getRuntime().availableProcessors());
    }

    /** These options with the side thread on or off. */
    public EngineOptions withSideThread(boolean enabled) {
        return new EngineOptions(enabled, largeProductThreads);
    }

    /**
     * Whether this JVM runs the fused losses' exponentials and logarithms through JDK 17's
     * incubating Vector API (5-6x ND4J's transforms over mlp-ae's output, docs/benchmarks.md, Run L): true when it
     * was started with {@code --add-modules jdk.incubator.vector}, as GenZoo's launcher, tests and
     * bench are, unless {@link #allowVectorApi} turned it off. Otherwise ND4J's transforms compute
     * the same losses (to float rounding).
     */
    public static boolean vectorApi() {
        return VectorKernels.Available.YES && VectorKernels.allowed;
    }

    /** Allows or forbids the Vector API route of {@link #vectorApi()} for this JVM (the CLI: {@code GENZOO_VECTOR}). */
    public static void allowVectorApi(boolean allowed) {
        VectorKernels.allowed = allowed;
    }

    /** These options with {@code threads} BLAS threads for large products (0: leave BLAS as set). */
    public EngineOptions withLargeProductThreads(int threads) {
        return new EngineOptions(sideThread, threads);
    }
}
