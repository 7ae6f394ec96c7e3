package dev.genzoo.generative.gan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataSetIterator;
import dev.genzoo.core.data.Layout;
import dev.genzoo.core.data.Scale;
import dev.genzoo.core.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BENCHMARKS.md {@code dcgan} workload (batch 64, images in [-1, 1], file order, one D step
 * then one G step per iteration), timed. Not part of the suite: run with
 * {@code -Dgenzoo.bench=true [-Dgenzoo.bench.iters=300]}.
 */
@EnabledIfSystemProperty(named = "genzoo.bench", matches = "true")
class DcganBenchmarkTest {
    private static final Logger LOG = LoggerFactory.getLogger(DcganBenchmarkTest.class);

    @Test
    void dcganIterationsPerSecond() {
        int iters = Integer.getInteger("genzoo.bench.iters", 300);
        int block = Math.min(100, iters);
        Dcgan gan = Dcgan.create(Dcgan.Config.defaults());
        ImageDataSetIterator data = Datasets.fullOrBundled(DatasetId.FASHION_MNIST, Split.TRAIN).batch(64)
                .noShuffle().dropLast(true).scale(Scale.SYMMETRIC).layout(Layout.IMAGE).iterator();
        gan.trainer().fit(data, 20);
        IterationStats last = null;
        for (int done = 0; done < iters; done += block) {
            long t = System.nanoTime();
            last = gan.trainer().fit(data, block);
            double s = (System.nanoTime() - t) / 1e9;
            LOG.info("RESULT workload=dcgan iters={} seconds={} iters_per_s={} d_loss={} g_loss={}", done + block,
                    String.format("%.2f", s), String.format("%.3f", block / s), last.discriminatorLoss(),
                    last.generatorLoss());
        }
        assertTrue(last.finite());
    }
}
