package dev.genzoo.generative.gan;

/**
 * Diagnostics of one training iteration (k discriminator steps and one generator step).
 *
 * @param iteration             generator steps done so far, counting this one
 * @param discriminatorLoss     D's loss in its last step, real plus fake part (as DL4J scored it,
 *                              with the smoothed real label; the critic's E[D(fake)] − E[D(real)])
 * @param generatorLoss         G's loss in the generator step, from D's outputs on the fakes
 * @param dReal                 mean D(x) on the real batch of D's last step (before its update)
 * @param dFake                 mean D(G(z)) on the fake batch of D's last step (before its update)
 * @param dFakeGeneratorStep    mean D(G(z)) on the generator step's fakes
 * @param generatorGradientNorm L2 norm of G's gradient (mean over the batch) before its updater
 * @param spreadRatio           a mode-collapse signal: the fake batch's per-feature standard
 *                              deviation, averaged over features, divided by the real batch's
 *                              (≈ 1 when G covers the data's spread, → 0 when it collapses; NaN
 *                              when the real batch has no spread)
 */
public record IterationStats(long iteration, double discriminatorLoss, double generatorLoss, double dReal,
        double dFake, double dFakeGeneratorStep, double generatorGradientNorm, double spreadRatio) {

    /** True when every value is finite. */
    public boolean finite() {
        return Double.isFinite(discriminatorLoss) && Double.isFinite(generatorLoss) && Double.isFinite(dReal)
                && Double.isFinite(dFake) && Double.isFinite(dFakeGeneratorStep)
                && Double.isFinite(generatorGradientNorm);
    }

    @Override
    public String toString() {
        return String.format("iter %d  D loss %.4f  G loss %.4f  D(x) %.3f  D(G(z)) %.3f / %.3f  |gradG| %.3g  spread %.3f",
                iteration, discriminatorLoss, generatorLoss, dReal, dFake, dFakeGeneratorStep,
                generatorGradientNorm, spreadRatio);
    }
}
