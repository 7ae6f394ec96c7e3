package dev.genzoo.core.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays in a {@link TrainingStep}'s checkpoint state (a map of strings): a step that keeps arrays
 * of its own across batches (an RBM's momentum and persistent chains) writes them with
 * {@link #encode} and reads them back with {@link #decode}, which checks the text against the
 * shape the caller expects <em>before</em> allocating: a checkpoint's claims are not trusted.
 *
 * <p>Format: {@code f32|f64 : dims separated by 'x' : base64 of the values, little-endian, 'c' order}.
 */
public final class ArrayState {
    private ArrayState() {
    }

    /** The text form of a float or double array. */
    public static String encode(INDArray a) {
        DataType t = a.dataType();
        if (t != DataType.FLOAT && t != DataType.DOUBLE) {
            throw new IllegalArgumentException("ArrayState holds FLOAT or DOUBLE arrays, found " + t);
        }
        INDArray c = a.dup('c');
        ByteBuffer buf = ByteBuffer.allocate((int) c.length() * (t == DataType.FLOAT ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
        if (t == DataType.FLOAT) {
            for (float v : c.data().asFloat()) {
                buf.putFloat(v);
            }
        } else {
            for (double v : c.data().asDouble()) {
                buf.putDouble(v);
            }
        }
        StringBuilder dims = new StringBuilder();
        for (long d : c.shape()) {
            dims.append(dims.length() == 0 ? "" : "x").append(d);
        }
        return (t == DataType.FLOAT ? "f32" : "f64") + ":" + dims + ":" + Base64.getEncoder().encodeToString(buf.array());
    }

    /**
     * The array written by {@link #encode}, checked to be of {@code type} and of shape
     * {@code expected}; a negative first dimension {@code -r} accepts any number of rows from 1 to r.
     *
     * @param what names the state in errors
     * @throws IllegalArgumentException naming {@code what}, what was found and what was expected
     */
    public static INDArray decode(String text, String what, DataType type, long... expected) {
        if (text == null) {
            throw new IllegalArgumentException("checkpoint state '" + what + "' is missing");
        }
        String[] parts = text.split(":", 3);
        String tag = type == DataType.FLOAT ? "f32" : type == DataType.DOUBLE ? "f64" : null;
        if (parts.length != 3 || tag == null || !parts[0].equals(tag)) {
            throw new IllegalArgumentException("checkpoint state '" + what + "' must be " + tag + ":DIMS:BASE64, found '"
                    + abbreviate(text) + "'");
        }
        long[] shape;
        try {
            shape = Arrays.stream(parts[1].split("x")).mapToLong(Long::parseLong).toArray();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint state '" + what + "': dimensions '" + abbreviate(parts[1])
                    + "' are not numbers");
        }
        boolean ok = shape.length == expected.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = expected[i] >= 0 ? shape[i] == expected[i] : shape[i] >= 1 && shape[i] <= -expected[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("checkpoint state '" + what + "' has shape " + Arrays.toString(shape)
                    + ", expected " + Arrays.toString(expected) + " (a negative first dimension -r: 1 to r rows)");
        }
        long length = 1;
        for (long d : shape) {
            length *= d;
        }
        int width = type == DataType.FLOAT ? 4 : 8;
        long encodedLength = 4 * ((length * width + 2) / 3);
        if (parts[2].length() != encodedLength) {
            throw new IllegalArgumentException("checkpoint state '" + what + "' holds " + parts[2].length()
                    + " base64 characters, " + encodedLength + " expected for shape " + Arrays.toString(shape));
        }
        ByteBuffer buf;
        try {
            buf = ByteBuffer.wrap(Base64.getDecoder().decode(parts[2])).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("checkpoint state '" + what + "' is not valid base64: " + e.getMessage());
        }
        if (type == DataType.FLOAT) {
            float[] v = new float[(int) length];
            buf.asFloatBuffer().get(v);
            return Nd4j.create(v, shape, 'c');
        }
        double[] v = new double[(int) length];
        buf.asDoubleBuffer().get(v);
        return Nd4j.create(v, shape, 'c');
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
