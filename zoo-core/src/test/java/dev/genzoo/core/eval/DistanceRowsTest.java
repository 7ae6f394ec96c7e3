package dev.genzoo.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The chunked distance rows used by precision/recall against distances computed one pair at a time. */
class DistanceRowsTest {

    @Test
    void chunkedRowsAreThePairwiseSquaredDistances() {
        Random r = new Random(3);
        double[][] a = new double[23][5];
        double[][] b = new double[17][5];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian();
            }
        }
        for (double[] row : b) {
            for (int j = 0; j < row.length; j++) {
                row[j] = r.nextGaussian() + 0.5;
            }
        }
        INDArray x = Nd4j.createFromArray(a);
        INDArray y = Nd4j.createFromArray(b);
        int[] seen = new int[a.length];
        // chunks of 10: two full ones and a partial one of 3 rows
        Features.squaredDistanceRows(x, y, 10, (i, d, off) -> {
            seen[i]++;
            for (int j = 0; j < b.length; j++) {
                double expected = 0;
                for (int c = 0; c < 5; c++) {
                    expected += (a[i][c] - b[j][c]) * (a[i][c] - b[j][c]);
                }
                assertEquals(expected, d[off + j], 1e-12, "row " + i + ", column " + j);
            }
        });
        for (int i = 0; i < seen.length; i++) {
            assertEquals(1, seen[i], "row " + i + " delivered once");
        }
    }
}
