package dev.genzoo.core.weights;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The one gate between a DL4J {@code ModelSerializer} zip on disk and DL4J. {@code ModelSerializer}
 * Java-deserialises a {@code preprocessor.bin} entry when present, and unpacks entries without a
 * size limit, so every zip the zoo reads (an artifact's, a checkpoint's: whoever supplies the folder
 * also writes the hashes next to it) comes through here: only the entries GenZoo writes are allowed,
 * each once and each within a size limit that fits what it holds, checked while unpacking (a size
 * declared in the zip is a claim, not a fact), and the zip handed to DL4J is rebuilt from exactly
 * those entries. Nothing is written to disk and unpacked bytes are never held whole in memory,
 * except half-precision parameters ({@code coefficients.f16}, see {@code HalfCoefficients}): they
 * are decoded as they are read, within their own limit, and handed on as the float32
 * {@code coefficients.bin} DL4J reads.
 */
public final class SafeZip {

    /** The entries {@code ModelSerializer.writeModel} produces for a network without normalizer. */
    static final Set<String> ALLOWED = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "noParams.marker", HalfCoefficients.ENTRY);
    /** Largest parameter or updater-state entry: 64 M float32 values (the zoo's largest network has 1.7 M). */
    public static final long MAX_ARRAY_ENTRY_BYTES = 256L << 20;
    /** Largest network configuration: JSON text (the zoo's largest is under 100 KB). */
    public static final long MAX_CONFIG_BYTES = 16L << 20;
    /** Largest no-parameters marker (DL4J writes it empty). */
    public static final long MAX_MARKER_BYTES = 1L << 10;
    /** Largest zip file read: its entries' limits together. */
    public static final long MAX_FILE_BYTES = 2 * MAX_ARRAY_ENTRY_BYTES + MAX_CONFIG_BYTES + MAX_MARKER_BYTES;

    private static final Map<String, Long> LIMITS = Map.of("configuration.json", MAX_CONFIG_BYTES,
            "coefficients.bin", MAX_ARRAY_ENTRY_BYTES, "updaterState.bin", MAX_ARRAY_ENTRY_BYTES,
            "noParams.marker", MAX_MARKER_BYTES,
            HalfCoefficients.ENTRY, HalfCoefficients.HEADER_BYTES + 2L * HalfCoefficients.MAX_PARAMETERS);

    private SafeZip() {
    }

    /**
     * Reads a network file whose size and SHA-256 were recorded by whoever wrote it: the real size
     * is compared with {@code expectedSize} and {@link #MAX_FILE_BYTES} before a byte is read.
     *
     * @throws MalformedModelException unreadable, or larger than recorded or allowed
     */
    public static byte[] readFile(Path file, long expectedSize, String owner) throws MalformedModelException {
        try {
            long size = Files.size(file);
            if (size != expectedSize) {
                throw new MalformedModelException(file + " of " + owner + " has " + size + " bytes but " + owner
                        + " lists " + expectedSize + "; it is corrupt or was replaced");
            }
            if (size > MAX_FILE_BYTES) {
                throw new MalformedModelException(file + " of " + owner + " has " + size + " bytes, above the limit of "
                        + MAX_FILE_BYTES + " bytes for a network zip (" + (MAX_ARRAY_ENTRY_BYTES >> 20)
                        + " MiB of parameters and as much updater state)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new MalformedModelException("Cannot read " + file + " of " + owner + ": " + e.getMessage(), e);
        }
    }

    /**
     * Vets a {@code ModelSerializer} zip and restores the network from the vetted entries, with its
     * updater state.
     *
     * @param zip    the zip's bytes (verified against their recorded hash by the caller)
     * @param kind   the network class to restore
     * @param source the file, for messages
     * @throws MalformedModelException an entry that is not allowed, too large, duplicated, or a zip
     *                                 DL4J cannot restore
     */
    public static Model restore(byte[] zip, NetworkKind kind, String source) throws MalformedModelException {
        byte[] vetted = vet(zip, source);
        try (ByteArrayInputStream in = new ByteArrayInputStream(vetted)) {
            return switch (kind) {
                case COMPUTATION_GRAPH -> ModelSerializer.restoreComputationGraph(in, true);
                case MULTI_LAYER_NETWORK -> ModelSerializer.restoreMultiLayerNetwork(in, true);
            };
        } catch (IOException | RuntimeException e) {
            throw new MalformedModelException("DL4J cannot restore " + source + " as " + kind + ": " + e.getMessage(),
                    e);
        }
    }

    static byte[] vet(byte[] zip, String source) throws MalformedModelException {
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream(zip.length + 1024);
        Set<String> seen = new HashSet<>();
        byte[] buffer = new byte[1 << 16];
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream out = new ZipOutputStream(rebuilt)) {
            out.setLevel(Deflater.BEST_SPEED);
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                String name = entry.getName();
                checkEntry(name, seen, source);
                long limit = LIMITS.get(name);
                if (name.equals(HalfCoefficients.ENTRY)) {
                    out.putNextEntry(new ZipEntry(HalfCoefficients.FLOAT_ENTRY));
                    HalfCoefficients.toFloatEntry(in, out, source);
                } else {
                    out.putNextEntry(new ZipEntry(name));
                    checkUnpacked(copy(in, out, buffer, limit), limit, name, entry, source);
                }
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new MalformedModelException(source + " is not a readable DL4J zip: " + e.getMessage(), e);
        }
        if (!seen.contains("configuration.json")) {
            throw new MalformedModelException(source + " has no configuration.json; it is not a DL4J model zip");
        }
        return rebuilt.toByteArray();
    }

    private static void checkUnpacked(long unpacked, long limit, String name, ZipEntry entry, String source)
            throws MalformedModelException {
        if (unpacked > limit) {
            throw new MalformedModelException(source + ": entry " + name + " unpacks to more than the limit of "
                    + limit + " bytes for " + name + " (declared " + declared(entry) + "); it is not a zoo"
                    + " network, or it is a decompression bomb");
        }
    }

    /** Copies at most {@code limit + 1} bytes, so that going over the limit shows and nothing more is unpacked. */
    private static long copy(InputStream in, OutputStream out, byte[] buffer, long limit) throws IOException {
        long total = 0;
        while (total <= limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total));
            if (n < 0) {
                break;
            }
            total += n;
            if (total <= limit) {
                out.write(buffer, 0, n);
            }
        }
        return total;
    }

    private static String declared(ZipEntry entry) {
        return entry.getSize() < 0 ? "no size" : entry.getSize() + " bytes";
    }

    private static void checkEntry(String name, Set<String> seen, String source) throws MalformedModelException {
        if (!ALLOWED.contains(name)) {
            throw new MalformedModelException(source + " contains entry '" + name + "'; GenZoo reads only "
                    + ALLOWED + " (it never lets DL4J Java-deserialise a normalizer or preprocessor)");
        }
        if (!seen.add(name)) {
            throw new MalformedModelException(source + " contains entry '" + name + "' twice");
        }
        if (seen.contains(HalfCoefficients.ENTRY) && seen.contains(HalfCoefficients.FLOAT_ENTRY)) {
            throw new MalformedModelException(source + " contains both " + HalfCoefficients.FLOAT_ENTRY + " and "
                    + HalfCoefficients.ENTRY + "; a network zip holds its parameters once");
        }
    }
}
