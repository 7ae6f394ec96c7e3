// Measures ND4J's Log and Sigmoid transforms against JDK 17's incubating Vector API (SVML exp/log) on a
// [128, 784] float array (mlp-ae's output), one core. Run from the repository root after a build:
//   OMP_NUM_THREADS=1 java --add-modules jdk.incubator.vector -cp "$(cat zoo-cli/target/classpath.txt)" dev/vector-api-probe/VecLog.java
// Results: docs/benchmarks.md, Run K.
import jdk.incubator.vector.*;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
public class VecLog {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  public static void main(String[] a) {
    int n = 128 * 784;
    float[] x = new float[n], y = new float[n];
    var r = new java.util.Random(1);
    for (int i = 0; i < n; i++) x[i] = 0.001f + 0.998f * r.nextFloat();
    var in = Nd4j.create(x, new long[]{128, 784}, 'c'); var out = in.ulike();
    System.out.println("species " + S);
    for (int rep = 0; rep < 5; rep++) {
      long t = System.nanoTime();
      for (int k = 0; k < 200; k++) Nd4j.exec(new Log(in, out));
      double nd = (System.nanoTime() - t) / 200e3;
      t = System.nanoTime();
      for (int k = 0; k < 200; k++) Nd4j.exec(new Sigmoid(in, out));
      double nds = (System.nanoTime() - t) / 200e3;
      t = System.nanoTime();
      for (int k = 0; k < 200; k++) {
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) FloatVector.fromArray(S, x, i).lanewise(VectorOperators.LOG).intoArray(y, i);
        for (; i < n; i++) y[i] = (float) Math.log(x[i]);
      }
      double vl = (System.nanoTime() - t) / 200e3;
      t = System.nanoTime();
      for (int k = 0; k < 200; k++) {
        int i = 0;
        for (; i < S.loopBound(n); i += S.length()) { var v = FloatVector.fromArray(S, x, i);
          v = v.neg().lanewise(VectorOperators.EXP).add(1f); FloatVector.broadcast(S, 1f).div(v).intoArray(y, i); }
        for (; i < n; i++) y[i] = (float) (1 / (1 + Math.exp(-x[i])));
      }
      double vs = (System.nanoTime() - t) / 200e3;
      t = System.nanoTime();
      for (int k = 0; k < 200; k++) for (int i = 0; i < n; i++) y[i] = (float) Math.log(x[i]);
      double sl = (System.nanoTime() - t) / 200e3;
      System.out.printf("100k floats, us: nd4j log %.0f sigmoid %.0f | vector log %.0f sigmoid %.0f | scalar Math.log %.0f%n", nd, nds, vl, vs, sl);
    }
  }
}
