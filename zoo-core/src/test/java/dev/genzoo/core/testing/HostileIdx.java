package dev.genzoo.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/** IDX files whose header claims more than they hold, or that unpack to far more than they weigh. */
public final class HostileIdx {
    private HostileIdx() {
    }

    /** An IDX of unsigned bytes with header {@code dims} followed by {@code bodyBytes} zeros, plain or gzip. */
    public static byte[] idx(int[] dims, long bodyBytes, boolean gzip) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            OutputStream target = gzip ? new GZIPOutputStream(bytes, 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            } : bytes;
            DataOutputStream out = new DataOutputStream(target);
            out.writeInt((0x08 << 8) | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            byte[] zeros = new byte[1 << 20];
            for (long left = bodyBytes; left > 0; left -= zeros.length) {
                out.write(zeros, 0, (int) Math.min(left, zeros.length));
            }
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
