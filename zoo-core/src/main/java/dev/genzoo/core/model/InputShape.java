package dev.genzoo.core.model;

/**
 * Shape of one input example: channels x height x width. A flat vector of n values is
 * {@code InputShape.flat(n)} (1 x 1 x n).
 */
public record InputShape(int channels, int height, int width) {

    /** The shape of one MNIST / Fashion-MNIST image. */
    public static final InputShape MNIST = new InputShape(1, 28, 28);

    public InputShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("InputShape dimensions must be >= 1, found channels="
                    + channels + " height=" + height + " width=" + width);
        }
    }

    /** A flat vector of {@code n} features. */
    public static InputShape flat(int n) {
        return new InputShape(1, 1, n);
    }

    /** Number of values in one example. */
    public int size() {
        return channels * height * width;
    }

    @Override
    public String toString() {
        return channels + "x" + height + "x" + width;
    }
}
