package dev.genzoo.engine;

/**
 * Explicit switches of the engine's trainers, given when a trainer is made ({@code of(net, options)})
 * instead of read from system properties.
 *
 * @param sideThread whether a step may use the engine's second thread: parameter-gradient products
 *                   and optimiser steps beside the backward pass, large products split by rows,
 *                   element-wise passes split in halves. Only takes effect on a machine with more
 *                   than one core; off, every task runs inline on the calling thread with the same
 *                   results.
 */
public record EngineOptions(boolean sideThread) {

    /** The defaults: the side thread where there is more than one core. */
    public static EngineOptions defaults() {
        return new EngineOptions(true);
    }

    /** These options with the side thread on or off. */
    public EngineOptions withSideThread(boolean enabled) {
        return new EngineOptions(enabled);
    }
}
