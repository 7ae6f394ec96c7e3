package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir
    Path dir;

    static IdxArray randomImages(int n, long seed) {
        byte[] data = new byte[n * 28 * 28];
        new Random(seed).nextBytes(data);
        return new IdxArray(new int[] {n, 28, 28}, data);
    }

    static byte[] bytes(IdxArray a, boolean gzip) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Idx.write(a, out, gzip);
        return out.toByteArray();
    }

    @Test
    void roundTripsPlainAndGzipWithTheDigestOfTheDecompressedBytes() throws Exception {
        IdxArray a = randomImages(7, 1);
        byte[] plain = bytes(a, false);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(plain));
        for (boolean gz : new boolean[] {false, true}) {
            Path f = dir.resolve("x" + gz);
            Files.write(f, bytes(a, gz));
            Idx.Read r = Idx.readWithDigest(f);
            assertEquals(a, r.array());
            assertArrayEquals(new int[] {7, 28, 28}, r.array().dims());
            assertEquals(expected, r.sha256());
            assertEquals(plain.length, r.decompressedBytes());
        }
        assertEquals(16 + 7 * 784, plain.length);
    }

    @Test
    void truncatedPlainFileNamesTheMissingBytes() throws Exception {
        byte[] full = bytes(randomImages(3, 2), false);
        Path f = dir.resolve("trunc");
        Files.write(f, Arrays.copyOf(full, full.length - 100));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertTrue(e.getMessage().contains("2352 data bytes"), e.getMessage());
        assertTrue(e.getMessage().contains("found only 2252"), e.getMessage());
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void truncatedGzipIsReportedAsCorruptOrTruncated() throws Exception {
        byte[] gz = bytes(randomImages(20, 3), true);
        Path f = dir.resolve("trunc.gz");
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void truncatedHeaderIsReported() throws Exception {
        Path f = dir.resolve("hdr");
        Files.write(f, new byte[] {0, 0, 8, 3, 0, 0});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("3 dimension sizes"), e.getMessage());
    }

    @Test
    void foreignFileGivesTheMagicFound() throws Exception {
        Path f = dir.resolve("png");
        Files.write(f, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());
        assertTrue(e.getMessage().contains("0x89504e47"), e.getMessage());
    }

    @Test
    void floatIdxIsRejected() throws Exception {
        Path f = dir.resolve("float");
        Files.write(f, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 0});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("0x00000d01"), e.getMessage());
    }

    @Test
    void trailingBytesAreRejected() throws Exception {
        byte[] full = bytes(randomImages(2, 4), false);
        Path f = dir.resolve("long");
        Files.write(f, Arrays.copyOf(full, full.length + 5));
        DataFormatException e = assertThrows(DataFormatException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains("5 unexpected bytes"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope");
        IOException e = assertThrows(IOException.class, () -> Idx.read(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void headTakesTheFirstItems() {
        IdxArray a = randomImages(5, 5);
        IdxArray h = a.head(2);
        assertArrayEquals(new int[] {2, 28, 28}, h.dims());
        assertArrayEquals(Arrays.copyOf(a.data(), 2 * 784), h.data());
    }
}
