package dev.genzoo.engine;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A second thread for work that is off a training step's critical path (parameter gradients and
 * their optimiser steps during the backward pass), shared by the caller: {@link #finish} runs the
 * tasks the side thread has not started yet on the calling thread, so neither thread waits while
 * the other still has queued work. ND4J's products run single-threaded (launcher), so two at once
 * use both cores of a small machine: two concurrent 128x784x512 products ran 1.8x as fast as the
 * same products in sequence, where two BLAS threads on one product were slower at these sizes.
 *
 * <p>Tasks must be independent of each other. On one core, or while a trainer whose
 * {@link EngineOptions#sideThread()} is off runs a step ({@link #using}), every task runs inline
 * when submitted.
 */
final class SideThread {
    private static final boolean AVAILABLE = Runtime.getRuntime().availableProcessors() > 1;
    /** The calling thread's choice, set for the duration of a trainer's step by {@link #using}. */
    private static final ThreadLocal<Boolean> USE = ThreadLocal.withInitial(() -> Boolean.TRUE);
    private static final LinkedBlockingDeque<FutureTask<Object>> QUEUE = new LinkedBlockingDeque<>();

    static {
        if (AVAILABLE) {
            Thread t = new Thread(() -> {
                while (true) {
                    try {
                        QUEUE.takeFirst().run();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "genzoo-side");
            t.setDaemon(true);
            t.start();
        }
    }

    private SideThread() {}

    /** Whether work submitted from this thread now goes to the side thread. */
    static boolean enabled() {
        return AVAILABLE && USE.get();
    }

    /** Runs {@code step} with the side thread allowed or not, as a trainer's options say. */
    static <T> T using(EngineOptions options, java.util.function.Supplier<T> step) {
        Boolean before = USE.get();
        USE.set(options.sideThread());
        try {
            return step.get();
        } finally {
            USE.set(before);
        }
    }

    /** Queues {@code work} (or runs it now when there is no side thread) and adds it to {@code tasks}. */
    static void submit(List<FutureTask<Object>> tasks, Callable<Object> work) {
        FutureTask<Object> t = new FutureTask<>(work);
        tasks.add(t);
        if (enabled()) {
            QUEUE.offerLast(t);
        } else {
            t.run();
        }
    }

    /** Runs {@code onSide} on the side thread (queued first) and {@code here} on this one; returns when both are done. */
    static void both(Runnable onSide, Runnable here) {
        if (!enabled()) {
            here.run();
            onSide.run();
            return;
        }
        FutureTask<Object> t = new FutureTask<>(onSide, null);
        QUEUE.offerFirst(t);
        here.run();
        finish(List.of(t));
    }

    /** A loop body over the index range [from, to). */
    @FunctionalInterface
    interface Range {
        void run(int from, int to);
    }

    /**
     * {@code body} over [0, count): the upper half on the side thread (queued first), the lower
     * half here, for element-wise kernels whose halves write disjoint memory; all here when there
     * is no side thread or fewer than {@code 2} items.
     */
    static void parallel(int count, Range body) {
        if (!enabled() || count < 2) {
            body.run(0, count);
            return;
        }
        int half = count / 2;
        both(() -> body.run(half, count), () -> body.run(0, half));
    }

    /** Products at least this large (flops) are split in two by rows, one half on each thread. */
    static final long SPLIT_FLOPS = 40_000_000L;

    /**
     * {@code c = a op(b)} for 'c'-ordered contiguous {@code a} [m, k] and {@code c} [m, n]: rows
     * [m/2, m) on the side thread (queued first), rows [0, m/2) here. Small products, and any other
     * layout, run here in one call.
     */
    static void gemm(org.nd4j.linalg.api.ndarray.INDArray a, org.nd4j.linalg.api.ndarray.INDArray b,
            org.nd4j.linalg.api.ndarray.INDArray c, boolean transB) {
        long m = c.size(0);
        long flops = 2L * m * c.size(1) * a.size(1);
        if (!enabled() || flops < SPLIT_FLOPS || m < 2 || !rowMajor(a) || !rowMajor(c)) {
            org.nd4j.linalg.factory.Nd4j.gemm(a, b, c, false, transB, 1.0, 0.0);
            return;
        }
        long h = m / 2;
        var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        var top = org.nd4j.linalg.indexing.NDArrayIndex.interval(0, h);
        var bottom = org.nd4j.linalg.indexing.NDArrayIndex.interval(h, m);
        org.nd4j.linalg.api.ndarray.INDArray aLow = a.get(bottom, all);
        org.nd4j.linalg.api.ndarray.INDArray cLow = c.get(bottom, all);
        both(() -> org.nd4j.linalg.factory.Nd4j.gemm(aLow, b, cLow, false, transB, 1.0, 0.0),
                () -> org.nd4j.linalg.factory.Nd4j.gemm(a.get(top, all), b, c.get(top, all), false, transB, 1.0, 0.0));
    }

    private static boolean rowMajor(org.nd4j.linalg.api.ndarray.INDArray x) {
        return x.rank() == 2 && x.ordering() == 'c' && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(x);
    }

    /**
     * Runs the queued tasks the side thread has not taken, newest first, then waits for the rest;
     * rethrows the first failure as it was thrown.
     */
    static void finish(List<FutureTask<Object>> tasks) {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            FutureTask<Object> t = tasks.get(i);
            if (QUEUE.removeLastOccurrence(t)) {
                t.run();
            }
        }
        RuntimeException first = null;
        for (FutureTask<Object> t : tasks) {
            try {
                t.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r
                            : e.getCause() instanceof Error err ? new IllegalStateException(err)
                            : new IllegalStateException(e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the side thread", e);
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
