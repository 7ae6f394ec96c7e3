package dev.genzoo.core.weights;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Vets a DL4J {@code ModelSerializer} zip before DL4J reads it. {@code ModelSerializer} Java-
 * deserialises a {@code preprocessor.bin} entry when present, so a downloaded zip goes through
 * here: only the entries GenZoo writes are allowed, each once, with a cap on the unpacked size, and
 * the zip handed to DL4J is rebuilt from exactly those entries. Nothing is written to disk.
 */
final class SafeZip {

    /** The entries {@code ModelSerializer.writeModel} produces for a network without normalizer. */
    static final Set<String> ALLOWED = Set.of("configuration.json", "coefficients.bin", "updaterState.bin",
            "noParams.marker");
    private static final long MAX_UNPACKED = Integer.MAX_VALUE - 64;

    private SafeZip() {
    }

    static byte[] vet(byte[] zip, String source) throws MalformedModelException {
        ByteArrayOutputStream rebuilt = new ByteArrayOutputStream(zip.length + 1024);
        Set<String> seen = new HashSet<>();
        long unpacked = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip));
                ZipOutputStream out = new ZipOutputStream(rebuilt)) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                checkEntry(entry.getName(), seen, source);
                byte[] data = in.readNBytes((int) Math.min(MAX_UNPACKED - unpacked + 1, Integer.MAX_VALUE - 8));
                unpacked += data.length;
                if (unpacked > MAX_UNPACKED) {
                    throw new MalformedModelException(source + " unpacks to more than " + MAX_UNPACKED + " bytes");
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(data);
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

    private static void checkEntry(String name, Set<String> seen, String source) throws MalformedModelException {
        if (!ALLOWED.contains(name)) {
            throw new MalformedModelException(source + " contains entry '" + name + "'; GenZoo reads only "
                    + ALLOWED + " (it never lets DL4J Java-deserialise a normalizer or preprocessor)");
        }
        if (!seen.add(name)) {
            throw new MalformedModelException(source + " contains entry '" + name + "' twice");
        }
    }
}
