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
}
