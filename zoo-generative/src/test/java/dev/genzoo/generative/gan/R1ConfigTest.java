package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.weights.ZooJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The R1 weight and lazy interval in the configurations of gan-mlp, lsgan, wgan-gp and
 * wgan-gp-conv: validated with messages naming the field, carried into the trainer's settings, and
 * a card written before the fields existed reads as "no R1".
 */
class R1ConfigTest {

    @Test
    void theFieldsReachTheTrainer() {
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults().withSizes(2, 4, List.of(8), List.of(8)).withR1(5, 4));
        assertEquals(5, gan.trainingSettings().r1Weight());
        assertEquals(4, gan.trainingSettings().r1Every());
        WganGp gp = WganGp.create(new WganGp.Config(2, 4, List.of(8), List.of(8), 5, 10, 0.01, 1e-4, 0.5, 0.9, 1, 2,
                3));
        assertEquals(2, gp.trainingSettings().r1Weight());
        assertEquals(3, gp.trainingSettings().r1Every());
        assertEquals(10, gp.trainingSettings().penaltyWeight());
    }

    @Test
    void badValuesAreRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> MlpGan.Config.defaults().withR1(-1, 1));
        assertTrue(e.getMessage().contains("r1Weight") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlpGan.Config.defaults().withR1(5, 0));
        assertTrue(e.getMessage().contains("r1Every") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MlpGan.Config.defaults().withR1(Double.NaN, 1));
        assertTrue(e.getMessage().contains("r1Weight"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Lsgan.defaults().withR1(1, -2));
        assertTrue(e.getMessage().contains("r1Every"), e.getMessage());
    }

    @Test
    void aCardWithoutTheFieldsReadsAsNoR1() throws Exception {
        for (Class<? extends Record> type : List.of(MlpGan.Config.class, WganGp.Config.class, ConvWganGp.Config.class)) {
            Object defaults = type == MlpGan.Config.class ? MlpGan.Config.defaults()
                    : type == WganGp.Config.class ? WganGp.Config.defaults() : ConvWganGp.Config.defaults();
            ObjectNode json = (ObjectNode) ZooJson.toTree(defaults);
            json.remove("r1Weight");
            json.remove("r1Every");
            Object read = ZooJson.fromTree(json, type);
            assertEquals(defaults, read, type.getSimpleName());
            ObjectNode withR1 = (ObjectNode) ZooJson.toTree(defaults);
            withR1.put("r1Weight", 10).put("r1Every", 16);
            String text = new String(ZooJson.writePretty(ZooJson.fromTree(withR1, type)), StandardCharsets.UTF_8);
            assertTrue(text.contains("\"r1Every\" : 16"), text);
        }
    }

    @Test
    void lazyR1RunsOnEveryKthStep() {
        // the non-saturating GAN with lazy R1 (every 4th step) on its sigmoid discriminator's logit
        MlpGan gan = MlpGan.create(MlpGan.Config.defaults().withSizes(2, 4, List.of(64, 64), List.of(64, 64))
                .withTraining(GanLoss.NON_SATURATING, 1, 1.0, 1e-3, 1e-3).withR1(1, 4));
        java.util.Random r = new java.util.Random(1);
        GanTrainer t = gan.trainer();
        double firstR1 = Double.NaN;
        for (int i = 0; i < 8; i++) {
            var d = t.discriminatorStepStats(ToyDistributions.ring(r, 64), null);
            if (i == 0) {
                firstR1 = d.penalty();
            } else if (i % 4 != 0) {
                assertTrue(Double.isNaN(d.penalty()), "R1 only every 4th step, step " + i + ": " + d);
            }
        }
        assertTrue(Double.isFinite(firstR1) && firstR1 >= 0, "R1 value " + firstR1);
    }
}
