package dev.genzoo.generative.gan;


/** Validation of configuration values, with messages naming the parameter, the value and what is allowed. */
final class GanChecks {
    private GanChecks() {
    }

    static void adversarialLoss(GanLoss loss) {
        if (loss == null || loss.isWasserstein()) {
            throw new IllegalArgumentException("loss must be MINIMAX, NON_SATURATING, LEAST_SQUARES or HINGE (use the"
                    + " 'wgan' or 'wgan-gp' model for WASSERSTEIN), found " + loss);
        }
    }

    /** Adam's β₁ in [0, 1) and β₂ in (0, 1). */
    static void adamBetas(double beta1, double beta2) {
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("beta1 must be in [0, 1), found " + beta1);
        }
        if (!(beta2 > 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta2 must be in (0, 1), found " + beta2);
        }
    }

    /**
     * The lazy interval of an R1 penalty as a configuration gives it: 0 together with no R1 weight
     * (a card written before configurations had the field) reads as 1; the trainer's settings check
     * the rest ({@code r1Every >= 1}).
     */
    static int r1Every(double r1Weight, int r1Every) {
        return r1Weight == 0 && r1Every == 0 ? 1 : r1Every;
    }
}
