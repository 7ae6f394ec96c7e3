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
 */
public final class Idx {
    private static final int UNSIGNED_BYTE = 0x08;
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;

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
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return readWithDigest(in, file.toString());
        }
    }

    /**
     * Reads IDX from a stream (gzip detected), naming {@code source} in error messages. Rejects
     * bytes after the declared data, since a longer file is not the file it claims to be.
     */
    public static Read readWithDigest(InputStream raw, String source) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new DigestInputStream(maybeGunzip(raw, source), sha)) {
            byte[] header = readFully(in, 4, source, "the 4-byte IDX magic number");
            if (header[0] != 0 || header[1] != 0 || (header[2] & 0xFF) != UNSIGNED_BYTE || header[3] == 0) {
                throw new DataFormatException(source + ": not an IDX file of unsigned bytes: expected magic 0x000008NN"
                        + " (NN = number of dimensions), found 0x" + HexFormat.of().formatHex(header));
            }
            int ndims = header[3] & 0xFF;
            byte[] dimBytes = readFully(in, 4 * ndims, source, ndims + " dimension sizes");
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = ((dimBytes[4 * i] & 0xFF) << 24) | ((dimBytes[4 * i + 1] & 0xFF) << 16)
                        | ((dimBytes[4 * i + 2] & 0xFF) << 8) | (dimBytes[4 * i + 3] & 0xFF);
                if (dims[i] < 0) {
                    throw new DataFormatException(source + ": dimension " + i + " is negative (" + dims[i] + ")");
                }
                total *= dims[i];
                if (total > MAX_VALUES) {
                    throw new DataFormatException(source + ": header declares " + Arrays.toString(dims)
                            + ", more values than one array can hold");
                }
            }
            byte[] data = readFully(in, (int) total, source,
                    total + " data bytes for dimensions " + Arrays.toString(dims));
            long extra = in.transferTo(OutputStream.nullOutputStream());
            if (extra > 0) {
                throw new DataFormatException(source + ": " + extra + " unexpected bytes after the "
                        + total + " data bytes declared for dimensions " + Arrays.toString(dims));
            }
            long bytes = 4L + 4L * ndims + total;
            return new Read(new IdxArray(dims, data), HexFormat.of().formatHex(sha.digest()), bytes);
        } catch (ZipException | EOFException e) {
            if (e instanceof DataFormatException) {
                throw e;
            }
            throw new DataFormatException(source + ": corrupt or truncated gzip stream (" + e.getMessage() + ")", e);
        }
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

    private static InputStream maybeGunzip(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
            } catch (ZipException | EOFException e) {
                throw new DataFormatException(source + ": corrupt gzip header (" + e.getMessage() + ")", e);
            }
        }
        return in;
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
