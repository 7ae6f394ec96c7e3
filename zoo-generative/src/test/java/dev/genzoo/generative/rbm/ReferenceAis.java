package dev.genzoo.generative.rbm;

import dev.genzoo.core.model.Rbm.LogPartition;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The AIS estimator as GenZoo ran it before {@link AisChains}: all runs as one {@code [runs, V]}
 * ND4J matrix, a dozen ND4J operations per temperature, uniform draws from ND4J's native
 * generator. Kept as an independent implementation of the same estimator to compare against
 * (its random stream differs, so the two agree within their standard errors, not bit for bit).
 */
final class ReferenceAis {
    private ReferenceAis() {
    }

    static LogPartition estimate(RbmWeights model, INDArray baseMarginals, int runs, int intermediate, long seed) {
        double[] betas = AnnealedImportanceSampling.schedule(intermediate);
        DataType type = model.dataType();
        INDArray p = Transforms.min(Transforms.max(baseMarginals.castTo(DataType.DOUBLE).reshape(1, model.visible()),
                1e-6, true), 1 - 1e-6, false);
        INDArray baseBias = Transforms.log(p.div(p.rsub(1.0)), false);
        double logZBase = RbmWeights.softplus(baseBias.dup()).sumNumber().doubleValue()
                + model.hidden() * Math.log(2);
        INDArray logW = Nd4j.zeros(DataType.DOUBLE, runs);
        INDArray bias = model.b().castTo(DataType.DOUBLE);
        INDArray biasGap = bias.sub(baseBias).transposei().castTo(type);
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        try {
            INDArray v = RbmWeights.bernoulli(p.repeat(0, runs).castTo(type), rng);
            for (int k = 1; k <= betas.length - 1; k++) {
                double bPrev = betas[k - 1];
                double bNow = betas[k];
                INDArray field = model.hiddenField(v);
                logW.addi(v.mmul(biasGap).castTo(DataType.DOUBLE).reshape(runs).muli(bNow - bPrev));
                INDArray fieldD = field.castTo(DataType.DOUBLE);
                INDArray now = RbmWeights.softplus(fieldD.mul(bNow));
                logW.addi(now.subi(RbmWeights.softplus(fieldD.muli(bPrev))).sum(1));
                if (k < betas.length - 1) {
                    INDArray h = RbmWeights.bernoulli(Transforms.sigmoid(field.muli(bNow), false), rng);
                    INDArray shift = bias.mul(bNow).addi(baseBias.mul(1 - bNow)).castTo(type);
                    INDArray vField = h.mmul(model.w().transpose()).muli(bNow).addiRowVector(shift);
                    v = RbmWeights.bernoulli(Transforms.sigmoid(vField, false), rng);
                }
            }
        } finally {
            RbmWeights.close(rng);
        }
        return AnnealedImportanceSampling.summarise(logZBase, logW.toDoubleVector(), intermediate);
    }
}
