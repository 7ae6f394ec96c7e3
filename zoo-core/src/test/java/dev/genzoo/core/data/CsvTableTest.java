package dev.genzoo.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.weights.ZooJson;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** CSV tables through DataVec: header, label and categorical columns; every bad cell named by line and column. */
class CsvTableTest {

    @Test
    void readsAHeaderALabelAndACategoricalColumn(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("sensors.csv");
        Files.write(f, List.of("# exported 2026-12-06", "temp;site;pressure;state", "21.5;north;1.0e3;ok",
                "19.0;south;998;fault", "", "22.25;north;1001.5;ok"));
        CsvTable t = CsvTable.read(f, CsvFormat.withHeader().withDelimiter(';').withSkipLines(1).withLabel("state")
                .withCategorical("site"));
        assertEquals(3, t.rows());
        assertEquals(List.of("temp", "site=north", "site=south", "pressure"), t.featureNames());
        assertEquals(List.of("fault", "ok"), t.classNames());
        assertArrayEquals(new int[] {1, 0, 1}, new int[] {t.label(0), t.label(1), t.label(2)});
        INDArray x = t.features(DataType.FLOAT);
        assertArrayEquals(new float[] {21.5f, 1, 0, 1000f}, x.getRow(0).toFloatVector());
        assertArrayEquals(new float[] {19f, 0, 1, 998f}, x.getRow(1).toFloatVector());
        assertArrayEquals(new int[] {0, 2}, t.rowsOf(1));
        CsvTable ok = t.select(t.rowsOf(1));
        assertEquals(2, ok.rows());
        assertEquals(22.25f, ok.value(1, 0));
        // by index, without a header: names col0.., numeric classes sorted as numbers
        Path g = tmp.resolve("plain.csv");
        Files.write(g, List.of("1,2,10", "3,4,9", "5,6,10"));
        CsvTable p = CsvTable.read(g, CsvFormat.plain().withLabel("2"));
        assertEquals(List.of("col0", "col1"), p.featureNames());
        assertEquals(List.of("9", "10"), p.classNames());
        assertEquals(0, p.label(1));
    }

    @Test
    void badTablesAreNamedByLineAndColumn(@TempDir Path tmp) throws Exception {
        CsvFormat f = CsvFormat.withHeader().withLabel("y");
        expect(tmp, List.of("a,b,y", "1,2,0", "1,2"), f, "line 3 has 2 columns; expected 3");
        expect(tmp, List.of("a,b,y", "1,2,0", "1,x2,1"), f, "line 3 column 1 ('b'): 'x2' is not a number");
        expect(tmp, List.of("a,b,y", "1,NaN,0"), f, "line 2 column 1 ('b'): NaN is not a finite number");
        expect(tmp, List.of("a,b,y", "1,1e999,0"), f, "not a finite number");
        expect(tmp, List.of("a,b,y", "1,2,"), f, "label column 'y' is empty");
        expect(tmp, List.of("a,b,y"), f, "no data rows after its header line");
        expect(tmp, List.of(), CsvFormat.plain(), "no data rows");
        var e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(write(tmp, List.of("a,b", "1,2")),
                CsvFormat.withHeader().withLabel("label")));
        assertTrue(e.getMessage().contains("no label column 'label'") && e.getMessage().contains("[a, b]"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CsvTable.read(write(tmp, List.of("a,b", "1,2")),
                CsvFormat.withHeader().withLabel("a").withCategorical("a")));
        assertTrue(e.getMessage().contains("is the label column"), e.getMessage());
        assertThrows(NoSuchFileException.class, () -> CsvTable.read(tmp.resolve("none.csv"), f));
        var d = assertThrows(DataFormatException.class, () -> CsvTable.read(tmp, f));
        assertTrue(d.getMessage().contains("not a file"), d.getMessage());
    }

    @Test
    void scalingIsFittedOnTrainingRowsAndAppliedUnchangedAfterJson() throws Exception {
        INDArray train = Nd4j.createFromArray(new float[][] {{1, 10, 5}, {3, 30, 5}, {5, 20, 5}});
        ColumnScaling s = ColumnScaling.fit(ColumnScaling.Kind.STANDARDIZE, train);
        INDArray z = s.apply(train);
        assertArrayEquals(new double[] {0, 0, 0}, z.mean(0).castTo(DataType.DOUBLE).toDoubleVector(), 1e-6);
        assertEquals(1, z.getColumn(0).stdNumber().doubleValue() * Math.sqrt(2.0 / 3), 1e-5);
        assertArrayEquals(new float[] {0, 0, 0}, z.getColumn(2).toFloatVector(), "a constant column stays constant");
        ColumnScaling m = ColumnScaling.fit(ColumnScaling.Kind.MIN_MAX, train);
        assertArrayEquals(new float[] {0f, 0.5f, 0f}, m.apply(Nd4j.createFromArray(new float[][] {{1, 20, 5}}))
                .toFloatVector(), 1e-6f);
        ColumnScaling back = ZooJson.fromTree(ZooJson.toTree(s), ColumnScaling.class);
        assertEquals(s, back);
        INDArray fresh = Nd4j.createFromArray(new float[][] {{2, 25, 7}});
        assertEquals(s.apply(fresh), back.apply(fresh));
        var e = assertThrows(IllegalArgumentException.class, () -> s.apply(Nd4j.ones(DataType.FLOAT, 2, 4)));
        assertTrue(e.getMessage().contains("[rows, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ColumnScaling(ColumnScaling.Kind.MIN_MAX,
                new double[] {0}, new double[] {0}));
        assertFalse(s.equals(m));
    }

    @Test
    void gzipTablesAndPixelTablesAsImages(@TempDir Path tmp) throws Exception {
        Path gz = tmp.resolve("digits.csv.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("0,16,8,4,7\n16,0,0,2,3\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        CsvTable t = CsvTable.read(gz, CsvFormat.plain().withLabel("4"));
        assertEquals(2, t.rows());
        assertEquals(List.of("3", "7"), t.classNames());
        ImageDataset img = t.toImages(2, 2, 16);
        assertEquals(2, img.size());
        assertEquals(2, img.height());
        assertEquals(List.of(0, 255, 128, 64), List.of(img.pixel(0, 0), img.pixel(0, 1), img.pixel(0, 2), img.pixel(0, 3)));
        assertEquals(1, img.label(0));
        var e = assertThrows(IllegalArgumentException.class, () -> t.toImages(3, 3, 16));
        assertTrue(e.getMessage().contains("4 feature columns") && e.getMessage().contains("need 9"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.toImages(2, 2, 8));
        assertTrue(e.getMessage().contains("outside the pixel range 0..8.0"), e.getMessage());
        Path fake = tmp.resolve("plain.csv.gz");
        Files.writeString(fake, "1,2\n");
        var d = assertThrows(DataFormatException.class, () -> CsvTable.read(fake, CsvFormat.plain()));
        assertTrue(d.getMessage().contains("not a gzip file"), d.getMessage());
    }

    private static int files;

    private static Path write(Path dir, List<String> lines) throws Exception {
        Path f = dir.resolve("t" + (files++) + ".csv");
        Files.write(f, lines);
        return f;
    }

    private static void expect(Path dir, List<String> lines, CsvFormat format, String text) throws Exception {
        Path f = write(dir, lines);
        var e = assertThrows(DataFormatException.class, () -> CsvTable.read(f, format), lines.toString());
        assertTrue(e.getMessage().contains(text) && e.getMessage().contains(f.getFileName().toString()),
                e.getMessage());
    }

    @Test
    void featureTablesAlignToTheTrainingColumnsAndKeepExactValues(@TempDir Path tmp) throws Exception {
        Path train = tmp.resolve("train.csv");
        Files.write(train, List.of("temp,site,pressure,state", "10,north,100,ok", "30,south,140,ok", "20,east,120,fault"));
        CsvFormat format = CsvFormat.withHeader().withLabel("state").withCategorical("site");
        CsvTable t = CsvTable.read(train, format);
        FeatureTable table = FeatureTable.fit(format, t.select(t.rowsOf(1)), ColumnScaling.Kind.MIN_MAX);
        assertEquals(List.of("temp", "site=east", "site=north", "site=south", "pressure"), table.features());
        // fitted on the two "ok" rows: temp 10..30, pressure 100..140, site=east constant 0 (scale 1)
        assertArrayEquals(new double[] {10, 0, 0, 0, 100}, table.scaling().shift());
        assertArrayEquals(new double[] {20, 1, 1, 1, 40}, table.scaling().scale());

        // new rows: columns in another order, no label column, no "east" or "north": those one-hot columns are 0
        Path fresh = tmp.resolve("new.csv");
        Files.write(fresh, List.of("pressure,site,temp", "150,south,25", "90,south,5"));
        ImageDataset x = table.read(fresh);
        assertTrue(x.realValued());
        assertEquals(2, x.size());
        assertEquals(1, x.height());
        assertEquals(5, x.width());
        assertEquals(List.of("all"), x.classNames());
        float[] row0 = {0.75f, 0, 0, 1, 1.25f};
        float[] row1 = {-0.25f, 0, 0, 1, -0.25f};
        for (int p = 0; p < 5; p++) {
            assertEquals(row0[p], x.value(0, p), 1e-6f);
            assertEquals(row1[p], x.value(1, p), 1e-6f);
        }
        // values outside [0, 1] reach the model unclamped; pixel() clamps them for pictures
        INDArray batch = x.batch(2).iterator().next().getFeatures();
        assertArrayEquals(row0, batch.getRow(0).toFloatVector(), 1e-6f);
        assertArrayEquals(row1, batch.getRow(1).toFloatVector(), 1e-6f);
        assertEquals(255, x.pixel(0, 4));
        assertEquals(0, x.pixel(1, 0));
        assertEquals(x.value(1, 4), x.select(new int[] {1}).value(0, 4));

        // the record round-trips through the card's JSON and reads the same
        FeatureTable back = ZooJson.fromTree(ZooJson.readTree(ZooJson.writePretty(table)), FeatureTable.class);
        assertEquals(table, back);
        assertArrayEquals(x.batch(2).iterator().next().getFeatures().ravel().toFloatVector(),
                back.read(fresh).batch(2).iterator().next().getFeatures().ravel().toFloatVector());

        Files.write(fresh, List.of("temp,site,pressure", "25,west,150"));
        IllegalArgumentException unseen = assertThrows(IllegalArgumentException.class, () -> table.read(fresh));
        assertTrue(unseen.getMessage().contains("column 'site' has the value 'west'"), unseen.getMessage());
        Files.write(fresh, List.of("temp,site", "25,south"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> table.read(fresh));
        assertTrue(missing.getMessage().contains("has no column 'pressure'"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImageDataset.ofValues("bad", 1, 1, 2,
                new float[] {0f, Float.NaN}, new int[] {0}, List.of("all")));
    }
}
