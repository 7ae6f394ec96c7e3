package dev.genzoo.core.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.model.Family;
import dev.genzoo.core.testing.TinyModel;
import dev.genzoo.core.testing.TinyPairModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class HalfPrecisionArtifactTest {

    @TempDir
    Path tmp;

    private static ModelCard card() {
        return ModelCard.builder(TinyModel.NAME, "v1", Family.BASELINE).build();
    }

    private static float[] rounded(INDArray params) {
        float[] values = params.dup().data().asFloat();
        for (int i = 0; i < values.length; i++) {
            values[i] = Float16.round(values[i]);
        }
        return values;
    }

    @Test
    void aHalfPrecisionArtifactLoadsWithExactlyTheRoundedParametersInHalfTheBytes() throws Exception {
        TinyModel model = TinyModel.create(new TinyModel.Config(300, 100, 5L));
        ModelCard full = ModelArtifacts.save(model, card(), tmp.resolve("full"));
        ModelCard half = ModelArtifacts.save(model, card(), tmp.resolve("half"),
                ModelArtifacts.SaveOption.HALF_PRECISION);
        long fullBytes = full.files().get("graph.zip").size();
        long halfBytes = half.files().get("graph.zip").size();
        assertTrue(halfBytes < 0.6 * fullBytes, halfBytes + " bytes in half precision vs " + fullBytes);
        assertEquals(List.of("configuration.json", HalfCoefficients.ENTRY), entries(tmp.resolve("half/graph.zip")));

        LoadedArtifact loaded = ModelArtifacts.load(tmp.resolve("half"));
        TinyModel restored = TinyModel.restore(model.config(), loaded.networks());
        float[] expected = rounded(model.graph().params());
        assertArrayEquals(expected, restored.graph().params().dup().data().asFloat(), 0f);
        assertFalse(java.util.Arrays.equals(model.graph().params().dup().data().asFloat(), expected),
                "rounding to half precision changes some parameters");

        INDArray x = Nd4j.rand(5, 300);
        INDArray a = model.output(x);
        INDArray b = restored.output(x);
        assertNotEquals(0.0, a.sub(b).norm2Number().doubleValue());
        assertTrue(a.sub(b).amaxNumber().doubleValue() < 1e-2 * a.amaxNumber().doubleValue() + 1e-3,
                "outputs stay within rounding error: " + a.sub(b).amaxNumber());
        // saving the reloaded network again stores the very same halves
        ModelCard again = ModelArtifacts.save(restored, card(), tmp.resolve("again"),
                ModelArtifacts.SaveOption.HALF_PRECISION);
        assertEquals(half.files().get("graph.zip").sha256(), again.files().get("graph.zip").sha256());
        // the clock is not recorded (a CI run once saved "again" across a two-second boundary: other bytes)
        try (var zip = new java.util.zip.ZipFile(tmp.resolve("half/graph.zip").toFile())) {
            zip.stream().forEach(e -> assertEquals(java.time.LocalDateTime.of(1980, 1, 1, 0, 0), e.getTimeLocal(),
                    e.getName()));
        }
    }

    @Test
    void halfPrecisionIsNotForCheckpoints() {
        TinyPairModel model = TinyPairModel.create(new TinyPairModel.Config(2, 4, 3L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelArtifacts.save(model,
                ModelCard.builder(TinyPairModel.NAME, "v1", Family.GAN).build(), tmp.resolve("x"),
                ModelArtifacts.SaveOption.HALF_PRECISION, ModelArtifacts.SaveOption.WITH_UPDATER_STATE));
        assertTrue(e.getMessage().contains("WITH_UPDATER_STATE"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void aParameterHalfPrecisionCannotHoldIsRefusedAndNothingIsWritten() {
        TinyModel model = TinyModel.create(new TinyModel.Config(4, 3, 1L));
        model.graph().params().putScalar(2, 1e6f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelArtifacts.save(model,
                card(), tmp.resolve("x"), ModelArtifacts.SaveOption.HALF_PRECISION));
        assertTrue(e.getMessage().contains("parameter 2") && e.getMessage().contains("float32"), e.getMessage());
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void malformedHalfEntriesAreRefusedWithWhatIsWrong() throws Exception {
        byte[] config = configOf(TinyModel.create(new TinyModel.Config(4, 3, 1L)));
        assertRefused(zip(config, HalfCoefficients.ENTRY, header(0x475a3136, 1, 10, 7)), "claims 10 parameters but holds 7");
        assertRefused(zip(config, HalfCoefficients.ENTRY, header(0x475a3136, 1, 3, 7)), "more than the 3");
        assertRefused(zip(config, HalfCoefficients.ENTRY, header(0x12345678, 1, 3, 3)), "GZ16");
        assertRefused(zip(config, HalfCoefficients.ENTRY, header(0x475a3136, 2, 3, 3)), "version");
        assertRefused(zip(config, HalfCoefficients.ENTRY, header(0x475a3136, 1, 1L << 40, 3)), "at most");
        byte[] oddLength = header(0x475a3136, 1, 3, 3);
        assertRefused(zip(config, HalfCoefficients.ENTRY, java.util.Arrays.copyOf(oddLength, oddLength.length - 1)),
                "first byte");
        assertRefused(zip(config, HalfCoefficients.ENTRY, new byte[5]), "header");
        Map<String, byte[]> both = new LinkedHashMap<>();
        both.put("configuration.json", config);
        both.put(HalfCoefficients.ENTRY, header(0x475a3136, 1, 3, 3));
        both.put(HalfCoefficients.FLOAT_ENTRY, new byte[8]);
        assertRefused(zip(both), "both");
    }

    private void assertRefused(byte[] zip, String words) {
        MalformedModelException e = assertThrows(MalformedModelException.class,
                () -> SafeZip.restore(zip, NetworkKind.COMPUTATION_GRAPH, "test.zip"));
        assertTrue(e.getMessage().contains(words) && e.getMessage().contains("test.zip"), e.getMessage());
    }

    private static byte[] header(int magic, int version, long count, int halves) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            out.writeInt(version);
            out.writeLong(count);
            for (int i = 0; i < halves; i++) {
                out.writeShort(Float16.encode(0.5f * i));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] configOf(TinyModel model) throws IOException {
        return model.graph().getConfiguration().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] zip(byte[] config, String name, byte[] entry) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("configuration.json", config);
        entries.put(name, entry);
        return zip(entries);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static List<String> entries(Path zip) throws IOException {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(zip)))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
