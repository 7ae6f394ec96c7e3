package dev.genzoo.core.nn;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * A learning rate held at its initial value for {@code constantSteps} iterations, then decayed
 * linearly to zero over {@code decaySteps} more (CycleGAN's schedule: 100 epochs constant, 100
 * decaying; pix2pix's too), and zero after. Counted in the network's iterations (updates), which
 * travel in its checkpoint, so a resumed run continues the schedule where it stopped. A DL4J
 * {@link ISchedule}: it is written into the network's JSON configuration and read back.
 */
public final class ConstantThenLinearDecay implements ISchedule {
    private static final long serialVersionUID = 1L;
    private double initialValue;
    private int constantSteps;
    private int decaySteps;

    /** For JSON. */
    public ConstantThenLinearDecay() {
    }

    /**
     * @param initialValue  the value during the constant phase (&gt; 0)
     * @param constantSteps iterations at {@code initialValue} (&ge; 0)
     * @param decaySteps    iterations of the linear decay to zero (&ge; 1)
     */
    public ConstantThenLinearDecay(double initialValue, int constantSteps, int decaySteps) {
        if (!(initialValue > 0) || Double.isInfinite(initialValue)) {
            throw new IllegalArgumentException("initial value must be positive and finite, found " + initialValue);
        }
        if (constantSteps < 0) {
            throw new IllegalArgumentException("constantSteps must be >= 0, found " + constantSteps);
        }
        if (decaySteps < 1) {
            throw new IllegalArgumentException("decaySteps must be >= 1, found " + decaySteps);
        }
        this.initialValue = initialValue;
        this.constantSteps = constantSteps;
        this.decaySteps = decaySteps;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        if (iteration < constantSteps) {
            return initialValue;
        }
        double left = 1.0 - (double) (iteration - constantSteps) / decaySteps;
        return left <= 0 ? 0.0 : initialValue * left;
    }

    @Override
    public ISchedule clone() {
        return new ConstantThenLinearDecay(initialValue, constantSteps, decaySteps);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public int getConstantSteps() {
        return constantSteps;
    }

    public void setConstantSteps(int constantSteps) {
        this.constantSteps = constantSteps;
    }

    public int getDecaySteps() {
        return decaySteps;
    }

    public void setDecaySteps(int decaySteps) {
        this.decaySteps = decaySteps;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConstantThenLinearDecay s && s.initialValue == initialValue
                && s.constantSteps == constantSteps && s.decaySteps == decaySteps;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(initialValue) * 31 * 31 + constantSteps * 31 + decaySteps;
    }

    @Override
    public String toString() {
        return "ConstantThenLinearDecay(" + initialValue + ", constant " + constantSteps + ", decay " + decaySteps + ")";
    }
}
