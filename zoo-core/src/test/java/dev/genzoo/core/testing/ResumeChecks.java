package dev.genzoo.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.train.StepResult;
import dev.genzoo.core.train.TrainingStep;
import java.util.Map;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Helpers for checkpoint/resume tests: a step that "kills" the run after a number of steps, and
 * a bit-for-bit comparison of networks (parameters, updater state, iteration and epoch counts).
 */
public final class ResumeChecks {
    private ResumeChecks() {
    }

    /** Thrown by {@link #killedAfter} in place of the step it does not run: the simulated kill. */
    public static final class Killed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Killed(int step) {
            super("simulated kill before step " + step);
        }
    }

    /**
     * Runs {@code step} {@code steps} times, then throws {@link Killed} instead of the next step.
     * The step's own checkpoint state is passed through, as the real step's would be.
     */
    public static TrainingStep killedAfter(TrainingStep step, int steps) {
        int[] done = {0};
        return new TrainingStep() {
            @Override
            public StepResult run(org.nd4j.linalg.dataset.api.DataSet batch) {
                if (done[0] == steps) {
                    throw new Killed(steps + 1);
                }
                done[0]++;
                return step.run(batch);
            }

            @Override
            public java.util.Map<String, String> checkpointState() {
                return step.checkpointState();
            }

            @Override
            public void restoreCheckpointState(java.util.Map<String, String> state) {
                step.restoreCheckpointState(state);
            }
        };
    }

    /** Asserts that both sets of networks hold bit-identical parameters and updater state, and equal counts. */
    public static void assertBitIdentical(Map<String, Model> expected, Map<String, Model> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String role : expected.keySet()) {
            Model e = expected.get(role);
            Model a = actual.get(role);
            assertArrayEquals(bytes(e.params()), bytes(a.params()), role + ": parameters differ");
            INDArray eu = updaterState(e);
            INDArray au = updaterState(a);
            assertEquals(eu == null, au == null, role + ": updater state present in one only");
            if (eu != null) {
                assertArrayEquals(bytes(eu), bytes(au), role + ": updater state differs");
            }
            assertEquals(counts(e), counts(a), role + ": iteration/epoch counts differ");
        }
    }

    /** True when two arrays are bit-identical. */
    public static boolean bitIdentical(INDArray a, INDArray b) {
        return java.util.Arrays.equals(bytes(a), bytes(b));
    }

    /** Asserts that every parameter of every network is finite. */
    public static void assertFinite(Map<String, Model> networks) {
        for (Map.Entry<String, Model> n : networks.entrySet()) {
            INDArray p = n.getValue().params();
            assertTrue(!p.isNaN().any() && !p.isInfinite().any(), n.getKey() + " has non-finite parameters");
        }
    }

    private static byte[] bytes(INDArray a) {
        return a.dup('c').data().asBytes();
    }

    private static INDArray updaterState(Model m) {
        return m instanceof ComputationGraph g ? g.getUpdater().getStateViewArray()
                : ((MultiLayerNetwork) m).getUpdater().getStateViewArray();
    }

    private static String counts(Model m) {
        return m instanceof ComputationGraph g
                ? g.getConfiguration().getIterationCount() + "/" + g.getConfiguration().getEpochCount()
                : ((MultiLayerNetwork) m).getLayerWiseConfigurations().getIterationCount() + "/"
                        + ((MultiLayerNetwork) m).getLayerWiseConfigurations().getEpochCount();
    }
}
