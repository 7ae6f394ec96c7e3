package dev.genzoo.engine;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds the next batches on a background thread while the caller trains on the current one, as
 * DL4J's {@code AsyncDataSetIterator} does, with one difference that matters: an exception thrown
 * while building a batch (a shape check, NaN input, a corrupt file) is rethrown to the caller at
 * that batch. DL4J's prefetch thread dies with it and leaves the training thread waiting forever.
 *
 * @param <T> batch type
 */
final class Prefetch<T> implements Iterator<T>, AutoCloseable {
    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private Object next;

    private record Failure(RuntimeException error) {}

    /** Starts prefetching up to {@code depth} items of {@code source} (which must not be used meanwhile). */
    Prefetch(Iterator<T> source, int depth, String name) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> {
            try {
                while (source.hasNext()) {
                    queue.put(source.next());
                }
                queue.put(END);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                putQuietly(new Failure(e));
            } catch (Error e) {
                putQuietly(new Failure(new IllegalStateException("building a batch failed: " + e, e)));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void putQuietly(Object o) {
        try {
            queue.put(o);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next batch", e);
            }
        }
        if (next instanceof Failure f) {
            next = END;
            throw f.error();
        }
        return next != END;
    }

    @Override
    @SuppressWarnings("unchecked")
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches");
        }
        T t = (T) next;
        next = null;
        return t;
    }

    /** Stops the background thread (it may be blocked on a full queue) and waits for it. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
