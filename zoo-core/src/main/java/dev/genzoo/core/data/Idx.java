package dev.genzoo.core.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

/**
 * Reads and writes IDX files of unsigned bytes (the MNIST format: big-endian magic
 * {@code 0x00 0x00 0x08 ndims}, ndims big-endian int32 sizes, then the values), plain or gzip.
 * Gzip is recognised by its magic bytes, not by the file name. Every defect is reported with the
 * source's name, what was expected and what was found.
 *
 * <p>The sizes in a header are claims, not facts, so nothing is allocated from them unchecked: a
 * header must declare at most {@link #MAX_VALUES} values, the dimensions a caller expects (a known
 * data set's published sizes) when it gives them, and, for a plain file, exactly the file's real
 * size; the body is then read incrementally, so a stream that ends early costs only what it held.
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    /**
     * Largest number of values read from one IDX file: 64 Mi, room for 85,000 28x28 images (the
     * largest known file, MNIST's training images, holds 47,040,000).
     */
    public static final int MAX_VALUES = 1 << 26;
    private static final int FIRST_CHUNK = 1 << 20;

    private Idx() {
    }

    /** The result of a read: the array and the SHA-256 (hex) of the decompressed bytes. */
    public record Read(IdxArray array, String sha256, long decompressedBytes) {
    }

    /** Reads an IDX file, plain or gzip. */
    public static IdxArray read(Path file) throws IOException {
        return readWithDigest(file).array();
    }

    /** Reads an IDX file, plain or gzip, and hashes the decompressed bytes while reading. */
    public static Read readWithDigest(Path file) throws IOException {
        return readWithDigest(file, null);
    }

    /**
     * Reads an IDX file, plain or gzip, whose header must declare the dimensions of {@code expected},
     * a known data set's file (null: any dimensions within {@link #MAX_VALUES}), and hashes the
     * decompressed bytes while reading.
     */
    public static Read readWithDigest(Path file, DatasetId.FileSpec expected) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        long size = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), expected, size);
        }
    }

    /**
     * Reads IDX from a stream (gzip detected), naming {@code source} in error messages. Rejects
     * bytes after the declared data, since a longer file is not the file it claims to be.
     */
    public static Read readWithDigest(InputStream raw, String source) throws IOException {
        return read(raw, source, null, -1);
    }

    /** As {@link #readWithDigest(InputStream, String)}, for a known data set's file (null: any dimensions). */
    public static Read readWithDigest(InputStream raw, String source, DatasetId.FileSpec expected) throws IOException {
        return read(raw, source, expected, -1);
    }

    private static Read read(InputStream raw, String source, DatasetId.FileSpec expected, long plainSize)
            throws IOException {
        MessageDigest sha = sha256();
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        boolean gzip = isGzip(buffered);
        try (InputStream in = new DigestInputStream(gzip ? gunzip(buffered, source) : buffered, sha)) {
            byte[] header = readFully(in, 4, source, "the 4-byte IDX magic number");
            if (header[0] != 0 || header[1] != 0 || (header[2] & 0xFF) != UNSIGNED_BYTE || header[3] == 0) {
                throw new DataFormatException(source + ": not an IDX file of unsigned bytes: expected magic 0x000008NN"
                        + " (NN = number of dimensions), found 0x" + HexFormat.of().formatHex(header));
            }
            int ndims = header[3] & 0xFF;
            int[] dims = dimensions(readFully(in, 4 * ndims, source, ndims + " dimension sizes"), source);
            long total = checkDeclared(dims, expected, source);
            long headerBytes = 4L + 4L * ndims;
            if (!gzip && plainSize >= 0 && plainSize != headerBytes + total) {
                if (plainSize > headerBytes + total) {
                    throw new DataFormatException(source + ": " + (plainSize - headerBytes - total) + " unexpected bytes"
                            + " after the " + total + " data bytes declared for dimensions " + Arrays.toString(dims));
                }
                throw new DataFormatException(source + ": truncated: the header declares " + total + " data bytes for"
                        + " dimensions " + Arrays.toString(dims) + " (" + (headerBytes + total) + " bytes in all) but"
                        + " the file has " + plainSize + " bytes, found only " + (plainSize - headerBytes));
            }
            byte[] data = readBody(in, (int) total, source, dims);
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataFormatException(source + ": " + extra + " unexpected bytes after the "
                        + total + " data bytes declared for dimensions " + Arrays.toString(dims));
            }
            return new Read(new IdxArray(dims, data), HexFormat.of().formatHex(sha.digest()), headerBytes + total);
        } catch (ZipException | EOFException e) {
            if (e instanceof DataFormatException) {
                throw e;
            }
            throw new DataFormatException(source + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
    }

    private static int[] dimensions(byte[] dimBytes, String source) throws DataFormatException {
        int[] dims = new int[dimBytes.length / 4];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                    | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
            if (dims[i] < 0) {
                throw new DataFormatException(source + ": dimension " + i + " is negative (" + dims[i] + ")");
            }
        }
        return dims;
    }

    /** The number of values the header declares, once checked against the expected dimensions and the limit. */
    private static long checkDeclared(int[] dims, DatasetId.FileSpec expected, String source)
            throws DataFormatException {
        if (expected != null && !Arrays.equals(dims, expected.dims().stream().mapToInt(Integer::intValue).toArray())) {
            throw new DataFormatException(source + ": the header declares dimensions " + Arrays.toString(dims)
                    + " but the published " + expected.fileName() + " has " + expected.dims() + " (SHA-256 "
                    + expected.sha256() + "): the file is corrupt, truncated or a different release. Delete it and"
                    + " fetch it again (genzoo datasets fetch).");
        }
        long total = 1;
        for (int d : dims) {
            total *= d;
            if (total > MAX_VALUES) {
                java.math.BigInteger declared = java.math.BigInteger.ONE;
                for (int x : dims) {
                    declared = declared.multiply(java.math.BigInteger.valueOf(x));
                }
                throw new DataFormatException(source + ": the header declares dimensions " + Arrays.toString(dims)
                        + " (" + declared + " values), above the limit of "
                        + MAX_VALUES + " values GenZoo reads from one IDX file (64 Mi; MNIST's training images hold"
                        + " 47040000)");
            }
        }
        return total;
    }

    /** The declared body, read into an array that grows with the data actually received. */
    private static byte[] readBody(InputStream in, int total, String source, int[] dims) throws IOException {
        byte[] buf = new byte[Math.min(total, FIRST_CHUNK)];
        int filled = 0;
        while (filled < total) {
            if (filled == buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(total, 2L * buf.length));
            }
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new DataFormatException(source + ": truncated: expected " + total + " data bytes for dimensions "
                        + Arrays.toString(dims) + ", found only " + filled);
            }
            filled += n;
        }
        return buf;
    }

    /** Writes an array as IDX, gzip-compressed when {@code gzip} is true. */
    public static void write(IdxArray array, OutputStream out, boolean gzip) throws IOException {
        OutputStream target = gzip ? new GZIPOutputStream(out, 1 << 16) : out;
        DataOutputStream d = new DataOutputStream(target);
        int[] dims = array.dims();
        d.writeInt((UNSIGNED_BYTE << 8) | dims.length);
        for (int dim : dims) {
            d.writeInt(dim);
        }
        d.write(array.data());
        d.flush();
        if (gzip) {
            ((GZIPOutputStream) target).finish();
        }
    }

    /** The IDX bytes of an array (uncompressed). */
    public static byte[] toBytes(IdxArray array) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(array.data().length + 64);
        try {
            write(array, out, false);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean isGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    private static InputStream gunzip(InputStream in, String source) throws IOException {
        try {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(source + ": corrupt gzip header (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] readFully(InputStream in, int n, String source, String what) throws IOException {
        byte[] buf = new byte[n];
        int read = in.readNBytes(buf, 0, n);
        if (read < n) {
            throw new DataFormatException(source + ": truncated: expected " + what + " (" + n
                    + " bytes), found only " + read);
        }
        return buf;
    }
}
