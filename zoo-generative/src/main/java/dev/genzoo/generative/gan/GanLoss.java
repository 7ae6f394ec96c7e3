package dev.genzoo.generative.gan;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.nd4j.linalg.lossfunctions.impl.LossWasserstein;

/**
 * The adversarial objectives. The discriminator of MINIMAX and NON_SATURATING maximizes
 * log D(x) + log(1 − D(G(z))) (binary cross-entropy on a sigmoid output); they differ in the
 * generator's loss (Goodfellow et al. 2014, section 3): the minimax generator minimizes
 * log(1 − D(G(z))), whose gradient vanishes when D confidently rejects fakes; the
 * non-saturating generator maximizes log D(G(z)) instead. WASSERSTEIN is the WGAN critic
 * objective (Arjovsky et al. 2017): the critic, with a linear output, maximizes
 * E[D(x)] − E[D(G(z))] and the generator maximizes E[D(G(z))]. LEAST_SQUARES is LSGAN (Mao et al.
 * 2017, https://arxiv.org/abs/1611.04076) with the 0-1 coding: a linear-output D minimizes
 * (D(x) − 1)² + D(G(z))², the generator (D(G(z)) − 1)², whose gradient does not vanish for fakes
 * far on the right side of the decision boundary. HINGE is the hinge GAN (Lim &amp; Ye 2017; Miyato
 * et al. 2018, https://arxiv.org/abs/1802.05957): a linear-output D minimizes max(0, 1 − D(x)) +
 * max(0, 1 + D(G(z))), the generator −D(G(z)) ({@link HingeGanLoss}).
 */
public enum GanLoss {
    /** Generator minimizes log(1 − D(G(z))), the original minimax game. */
    MINIMAX,
    /** Generator maximizes log D(G(z)), the heuristic of Goodfellow et al. that does not saturate. */
    NON_SATURATING,
    /** Wasserstein critic with a linear output; labels are −1 for real and +1 for fake examples. */
    WASSERSTEIN,
    /** LSGAN: squared error to 1 for real and 0 for fake examples on a linear output; G pulls D(G(z)) to 1. */
    LEAST_SQUARES,
    /** Hinge GAN: D minimizes max(0, 1 − D(x)) + max(0, 1 + D(G(z))) on a linear output; G maximizes D(G(z)). */
    HINGE;

    private static final double EPS = 1e-7;

    /** True for the Wasserstein critic (linear output, no probabilities). */
    public boolean isWasserstein() {
        return this == WASSERSTEIN;
    }

    /** The DL4J loss function of the discriminator's output layer. */
    /** True where D's output is linear (no sigmoid): the Wasserstein critic and LSGAN. */
    public boolean linearOutput() {
        return this == WASSERSTEIN || this == LEAST_SQUARES || this == HINGE;
    }

    public ILossFunction discriminatorLossFunction() {
        return switch (this) {
            case WASSERSTEIN -> new LossWasserstein();
            case LEAST_SQUARES -> new LossMSE();
            case HINGE -> new HingeGanLoss();
            default -> new LossBinaryXENT();
        };
    }

    /** Label of real examples in the discriminator step; {@code realLabel} below 1 is one-sided smoothing. */
    double realTarget(double realLabel) {
        return isWasserstein() ? -1 : this == HINGE ? 1 : realLabel;
    }

    /** Label of generated examples in the discriminator step. */
    double fakeTarget() {
        return isWasserstein() ? 1 : this == HINGE ? -1 : 0;
    }

    /**
     * Label given to D's own loss in the generator step, and the sign applied to the input
     * gradient it returns, so that the product is the gradient of this generator loss.
     * MINIMAX: log(1 − D) = −BCE(D, 0), hence label 0 and sign −1.
     */
    double generatorTarget() {
        return switch (this) {
            case MINIMAX -> 0;
            case NON_SATURATING -> 1;
            case WASSERSTEIN -> -1;
            case LEAST_SQUARES -> 1;
            case HINGE -> 0;
        };
    }

    double generatorSign() {
        return this == MINIMAX ? -1 : 1;
    }

    /** Mean generator loss for discriminator outputs {@code d} (probabilities, or critic scores). */
    public double generatorLoss(INDArray d) {
        double[] v = d.ravel().toDoubleVector();
        double sum = 0;
        for (double p : v) {
            sum += switch (this) {
                case MINIMAX -> Math.log(Math.max(EPS, 1 - p));
                case NON_SATURATING -> -Math.log(Math.max(EPS, p));
                case WASSERSTEIN -> -p;
                case LEAST_SQUARES -> (p - 1) * (p - 1);
                case HINGE -> -p;
            };
        }
        return sum / v.length;
    }

    /**
     * Mean discriminator loss for outputs on a real and a fake batch: BCE(real, realLabel) +
     * BCE(fake, 0), or E[D(fake)] − E[D(real)] for the critic.
     */
    /** D's mean loss on real examples alone (not for the Wasserstein critic): cross-entropy or squared error. */
    public double realLoss(INDArray dReal, double realLabel) {
        if (isWasserstein()) {
            throw new IllegalStateException("the Wasserstein critic has no separate real-example loss");
        }
        double loss = 0;
        double[] r = dReal.ravel().toDoubleVector();
        for (double p : r) {
            loss += this == HINGE ? Math.max(0, 1 - p) : this == LEAST_SQUARES ? (p - realLabel) * (p - realLabel)
                    : -(realLabel * Math.log(Math.max(EPS, p)) + (1 - realLabel) * Math.log(Math.max(EPS, 1 - p)));
        }
        return loss / r.length;
    }

    public double discriminatorLoss(INDArray dReal, INDArray dFake, double realLabel) {
        if (isWasserstein()) {
            return dFake.meanNumber().doubleValue() - dReal.meanNumber().doubleValue();
        }
        if (this == HINGE) {
            double real = 0;
            for (double p : dReal.ravel().toDoubleVector()) {
                real += Math.max(0, 1 - p);
            }
            double fake = 0;
            for (double p : dFake.ravel().toDoubleVector()) {
                fake += Math.max(0, 1 + p);
            }
            return real / dReal.length() + fake / dFake.length();
        }
        if (this == LEAST_SQUARES) {
            double real = 0;
            for (double p : dReal.ravel().toDoubleVector()) {
                real += (p - realLabel) * (p - realLabel);
            }
            double fake = 0;
            for (double p : dFake.ravel().toDoubleVector()) {
                fake += p * p;
            }
            return real / dReal.length() + fake / dFake.length();
        }
        double loss = 0;
        double[] r = dReal.ravel().toDoubleVector();
        for (double p : r) {
            loss -= realLabel * Math.log(Math.max(EPS, p)) + (1 - realLabel) * Math.log(Math.max(EPS, 1 - p));
        }
        double[] f = dFake.ravel().toDoubleVector();
        double fake = 0;
        for (double p : f) {
            fake -= Math.log(Math.max(EPS, 1 - p));
        }
        return loss / r.length + fake / f.length;
    }
}
