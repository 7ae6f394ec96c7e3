package dev.genzoo.core.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The kNN distance baseline against distances worked out by hand, across the 512-row chunks. */
class KnnDistanceTest {

    @Test
    void meanDistanceToTheNearestReferenceRows() {
        var ref = Nd4j.createFromArray(new double[][] {{0, 0}, {3, 0}, {0, 4}, {10, 10}});
        KnnDistance knn = KnnDistance.fit(ref, 2);
        double[] s = knn.score(Nd4j.createFromArray(new float[][] {{0, 0}, {3, 4}}));
        assertEquals((0 + 3) / 2.0, s[0], 1e-9);
        assertEquals((3 + 4) / 2.0, s[1], 1e-9); // (3,4) is 4 from (3,0) and 3 from (0,4)
        var many = Nd4j.rand(DataType.DOUBLE, 1300, 2).muli(20);
        double[] all = knn.score(many);
        double[] last = knn.score(many.getRow(1299).reshape(1, 2));
        assertEquals(last[0], all[1299], 1e-9);
        assertThrows(IllegalArgumentException.class, () -> KnnDistance.fit(ref, 4));
        assertThrows(IllegalArgumentException.class, () -> knn.score(Nd4j.ones(2, 3)));
    }
}
