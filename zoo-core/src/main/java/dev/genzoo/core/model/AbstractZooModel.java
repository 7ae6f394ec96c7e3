package dev.genzoo.core.model;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every model handle of the zoo shares: its registry name, its configuration, the shape of one
 * example and the input checks every public method runs before DL4J sees an array (shape, empty
 * batch, NaN/infinity), with messages that name the model, what was found and what is expected.
 *
 * <p>Inputs are batches in the model's layout: {@code [n, c, h, w]} for an image model
 * ({@code inputShape().height() > 1}), {@code [n, inputShape().size()]} otherwise.
 */
public abstract class AbstractZooModel implements GenZooModel {
    private final String name;
    private final Record config;
    private final InputShape inputShape;

    /**
     * @param name       the registry name
     * @param config     the immutable configuration that rebuilds the architecture
     * @param inputShape the shape of one example
     */
    protected AbstractZooModel(String name, Record config, InputShape inputShape) {
        this.name = Objects.requireNonNull(name, "name");
        this.config = Objects.requireNonNull(config, "config");
        this.inputShape = Objects.requireNonNull(inputShape, "inputShape");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public Record config() {
        return config;
    }

    @Override
    public final InputShape inputShape() {
        return inputShape;
    }

    /** Whether inputs are image batches {@code [n, c, h, w]} rather than flat {@code [n, size]}. */
    public boolean imageLayout() {
        return inputShape.height() > 1;
    }

    /** The expected shape of a batch, for messages: {@code [n, 1, 28, 28]} or {@code [n, 784]}. */
    protected String expectedShape() {
        return imageLayout() ? "[n, " + inputShape.channels() + ", " + inputShape.height() + ", " + inputShape.width()
                + "]" : "[n, " + inputShape.size() + "]";
    }

    /** Throws unless {@code x} is a non-empty batch in this model's layout with finite values. */
    protected void checkInput(INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(name + ": input must be a batch of shape " + expectedShape()
                    + ", found null");
        }
        long[] s = x.shape();
        boolean ok = imageLayout()
                ? s.length == 4 && s[1] == inputShape.channels() && s[2] == inputShape.height()
                        && s[3] == inputShape.width()
                : s.length == 2 && s[1] == inputShape.size();
        if (!ok) {
            throw new IllegalArgumentException(name + ": input must have shape " + expectedShape() + ", found "
                    + Arrays.toString(s));
        }
        checkNotEmpty(x, "input");
        checkFinite(x, "input");
    }

    /** Throws unless {@code z} is a non-empty {@code [n, size]} batch of finite {@code what} (e.g. latent codes). */
    protected void checkRows(INDArray z, int size, String what) {
        if (z == null || z.rank() != 2 || z.size(1) != size) {
            throw new IllegalArgumentException(name + ": " + what + " must have shape [n, " + size + "], found "
                    + (z == null ? "null" : Arrays.toString(z.shape()))
                    + (z != null && z.rank() == 4 ? " (flatten images to [n, " + size + "])" : ""));
        }
        checkNotEmpty(z, what);
        checkFinite(z, what);
    }

    /** Throws naming {@code what} when {@code x} holds no example. */
    protected void checkNotEmpty(INDArray x, String what) {
        if (x.size(0) == 0) {
            throw new IllegalArgumentException(name + ": " + what + " is an empty batch; pass at least one example");
        }
    }

    /** Throws naming {@code what} when {@code x} holds NaN or infinity. */
    protected void checkFinite(INDArray x, String what) {
        if (!Double.isFinite(x.sumNumber().doubleValue())) {
            throw new IllegalArgumentException(name + ": " + what + " contains NaN or infinite values");
        }
    }

    @Override
    public String toString() {
        return name + " " + config;
    }
}
