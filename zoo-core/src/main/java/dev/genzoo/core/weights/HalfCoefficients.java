package dev.genzoo.core.weights;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network zip whose parameters are stored in half precision: the {@code ModelSerializer} zip
 * with its {@code coefficients.bin} (float32) replaced by {@value #ENTRY} (float16), half the
 * bytes. Bundled weights use it to keep the repository lean; {@code SafeZip} turns the entry back
 * into a float32 {@code coefficients.bin} before DL4J sees the zip, so the restored network holds
 * exactly the rounded values, and a card measured on a reloaded half-precision artifact
 * reproduces exactly. Checkpoints never use it: resuming needs the exact float32 parameters.
 *
 * <p>Entry layout (big-endian): the magic {@code GZ16}, a format version (int, 1), the number of
 * parameters (long), then one 16-bit half per parameter. The count is checked against the bytes
 * actually present before anything is allocated from it.
 */
final class HalfCoefficients {

    /** Zip entry name of half-precision parameters. */
    static final String ENTRY = "coefficients.f16";
    /** The float32 parameters entry {@code ModelSerializer} writes and reads. */
    static final String FLOAT_ENTRY = "coefficients.bin";
    private static final int MAGIC = ('G' << 24) | ('Z' << 16) | ('1' << 8) | '6';
    private static final int VERSION = 1;
    /** Bytes before the halves: magic, version, count. */
    static final int HEADER_BYTES = 16;
    /**
     * Most parameters a half-precision entry may hold: 16 M, ten times the zoo's largest bundled
     * network, so that a hostile entry costs at most 64 MB of floats when read back.
     */
    static final int MAX_PARAMETERS = 16 << 20;

    private HalfCoefficients() {
    }

    /**
     * Writes {@code network} as a {@code ModelSerializer} zip (no updater state) whose parameters
     * are stored as float16.
     *
     * @throws IllegalArgumentException a parameter that is not finite or too large for float16
     */
    static void write(Model network, OutputStream target) throws IOException {
        ByteArrayOutputStream full = new ByteArrayOutputStream();
        ModelSerializer.writeModel(network, full, false);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(full.toByteArray()));
                ZipOutputStream out = new ZipOutputStream(target)) {
            out.setLevel(Deflater.BEST_COMPRESSION);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(FLOAT_ENTRY)) {
                    out.putNextEntry(fixedTime(new ZipEntry(ENTRY)));
                    out.write(encode(network.params()));
                } else {
                    out.putNextEntry(fixedTime(new ZipEntry(entry.getName())));
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
    }

    /** The entry's bytes for {@code params} (a flat parameter vector). */
    static byte[] encode(INDArray params) {
        float[] values = params.castTo(DataType.FLOAT).data().asFloat();
        if (values.length > MAX_PARAMETERS) {
            throw new IllegalArgumentException("a network of " + values.length + " parameters is above the "
                    + MAX_PARAMETERS + " half precision is for (bundled weights); store it in float32");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(HEADER_BYTES + 2 * values.length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(values.length);
            for (int i = 0; i < values.length; i++) {
                short half;
                try {
                    half = Float16.encode(values[i]);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("parameter " + i + " of " + values.length + ": " + e.getMessage()
                            + "; store this network in float32", e);
                }
                out.writeShort(half);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return bytes.toByteArray();
    }

    /**
     * Reads a {@value #ENTRY} entry from {@code in} and writes the float32 {@code coefficients.bin}
     * (as {@code Nd4j.write} writes it) to {@code out}. Memory grows with the halves actually read,
     * never with the count the header claims, and reading stops at {@link #MAX_PARAMETERS}.
     *
     * @throws MalformedModelException a wrong magic or version, too many parameters, or a count
     *                                 that does not match the bytes present
     */
    static void toFloatEntry(InputStream in, OutputStream out, String source) throws IOException,
            MalformedModelException {
        DataInputStream data = new DataInputStream(in);
        int magic;
        int version;
        long count;
        try {
            magic = data.readInt();
            version = data.readInt();
            count = data.readLong();
        } catch (EOFException e) {
            throw new MalformedModelException(source + ": entry " + ENTRY + " is shorter than its " + HEADER_BYTES
                    + "-byte header", e);
        }
        if (magic != MAGIC || version != VERSION) {
            throw new MalformedModelException(source + ": entry " + ENTRY + " does not start with GZ16 and version "
                    + VERSION + "; it was not written by GenZoo, or by a newer version");
        }
        if (count < 0 || count > MAX_PARAMETERS) {
            throw new MalformedModelException(source + ": entry " + ENTRY + " claims " + count + " parameters; half"
                    + " precision is for bundled networks of at most " + MAX_PARAMETERS + " parameters");
        }
        float[] values = new float[(int) Math.min(count, 1 << 16)];
        byte[] chunk = new byte[1 << 16];
        int n = 0;
        int pending = -1; // a half's first byte when a read ends between its two bytes
        for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
            for (int i = 0; i < read; i++) {
                int b = chunk[i] & 0xff;
                if (pending < 0) {
                    pending = b;
                    continue;
                }
                if (n == count) {
                    throw new MalformedModelException(source + ": entry " + ENTRY + " holds more than the " + count
                            + " parameters it claims");
                }
                if (n == values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(count, 2L * values.length));
                }
                values[n++] = Float16.decode((short) ((pending << 8) | b));
                pending = -1;
            }
        }
        if (n != count || pending >= 0) {
            throw new MalformedModelException(source + ": entry " + ENTRY + " claims " + count + " parameters but holds "
                    + n + (pending >= 0 ? " and a half's first byte" : ""));
        }
        DataOutputStream target = new DataOutputStream(out);
        Nd4j.write(Nd4j.create(values, new long[] {1, n}, DataType.FLOAT), target);
        target.flush();
    }

    /**
     * The entry with a fixed modification time (1980-01-01, the zip format's first), so that the same
     * weights give the same bytes: otherwise the zip records the clock, and two saves either side of
     * a two-second boundary differ.
     */
    private static ZipEntry fixedTime(ZipEntry e) {
        e.setTimeLocal(java.time.LocalDateTime.of(1980, 1, 1, 0, 0));
        return e;
    }
}
