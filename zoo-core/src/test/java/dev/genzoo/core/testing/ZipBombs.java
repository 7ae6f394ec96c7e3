package dev.genzoo.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Zips whose entries unpack to many zeros: about a megabyte on disk, hundreds of megabytes unpacked. */
public final class ZipBombs {
    /** Bigger than the limit GenZoo accepts for one network entry (256 MiB) and than a 256 MB heap. */
    public static final long BIG = 300L << 20;

    private ZipBombs() {
    }

    /** A zip with one entry that starts with {@code header} and goes on with {@code zeros} zero bytes. */
    public static byte[] zipWithHeader(String name, byte[] header, long zeros) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(Deflater.BEST_SPEED);
            out.putNextEntry(new ZipEntry(name));
            out.write(header);
            byte[] block = new byte[1 << 20];
            for (long left = zeros; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(left, block.length));
            }
            out.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A zip with one entry per name, each of that many zero bytes, compressed (fast). */
    public static byte[] zip(Map<String, Long> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.setLevel(Deflater.BEST_SPEED);
            byte[] zeros = new byte[1 << 20];
            for (Map.Entry<String, Long> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                for (long left = e.getValue(); left > 0; left -= zeros.length) {
                    out.write(zeros, 0, (int) Math.min(left, zeros.length));
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
