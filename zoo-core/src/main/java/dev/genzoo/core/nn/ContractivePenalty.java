package dev.genzoo.core.nn;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Closed form of the contractive penalty {@code ||dh/dx||_F^2} of a dense layer
 * {@code h = f(xW + b)} and its derivatives (Rifai et al., ICML 2011), for sigmoid and tanh.
 *
 * <p>With {@code g = f'(a)} written in terms of {@code h} ({@code h(1-h)} or {@code 1-h^2}) and
 * {@code S_j = sum_i W_ij^2}, one example's penalty is {@code P = sum_j g_j^2 S_j}, and
 * {@code dP/da_j = 2 g_j S_j g'_j} where {@code g'} = {@code (1-2h) g} (sigmoid) or {@code -2h g}
 * (tanh). Then {@code dP/dW_ij = x_i dP/da_j + 2 g_j^2 W_ij}, {@code dP/db_j = dP/da_j} and
 * {@code dP/dx_i = sum_j W_ij dP/da_j}.
 */
final class ContractivePenalty {

    private ContractivePenalty() {
    }

    /** g = f'(a) as a function of h, [n, m]. */
    static INDArray slope(INDArray h, IActivation activation) {
        if (activation instanceof ActivationSigmoid) {
            return h.rsub(1.0).muli(h);
        }
        return h.mul(h).rsubi(1.0);
    }

    /** Column sums of W squared: S, [1, m]. */
    static INDArray squaredColumnNorms(INDArray w) {
        return w.mul(w).sum(true, 0);
    }

    /** Per-example penalty sum_j g_j^2 S_j, [n]. */
    static INDArray perExample(INDArray h, INDArray w, IActivation activation) {
        INDArray g = slope(h, activation);
        return g.muli(g).muliRowVector(squaredColumnNorms(w)).sum(1);
    }

    /** dP/da for each example, [n, m]. */
    static INDArray gradPreActivation(INDArray h, INDArray w, IActivation activation) {
        INDArray g = slope(h, activation);
        INDArray gSquared = g.mul(g);
        INDArray factor = activation instanceof ActivationSigmoid ? h.mul(-2.0).addi(1.0).muli(2.0) : h.mul(-4.0);
        return gSquared.muli(factor).muliRowVector(squaredColumnNorms(w));
    }

    /** Sum over examples of dP/dW: X^T dP/da + 2 W (sum_n g^2), [k, m]. */
    static INDArray gradWeights(INDArray x, INDArray h, INDArray w, INDArray gradPre, IActivation activation) {
        INDArray g = slope(h, activation);
        INDArray gSquaredSum = g.muli(g).sum(true, 0);
        return x.transpose().mmul(gradPre).addi(w.mulRowVector(gSquaredSum).muli(2.0));
    }
}
