package dev.genzoo.core.nn;

import dev.genzoo.core.data.Noise;
import java.util.Locale;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Input corruption as a DL4J {@link IDropout}: applied to a layer's input at training time only,
 * so a denoising autoencoder (Vincent et al. 2008) trains on clean data through plain
 * {@code ComputationGraph.fit}, its target being the clean input, and the corruption is part of
 * the saved configuration. Placed on the first decoder layer it injects noise into the code: the
 * stochastic encoder p(h|x) of Goodfellow et al., Deep Learning, section 14.4.
 *
 * <p>Kinds: {@code gaussian} (x + level·ε), {@code masking} (each value set to {@code low} with
 * probability level, no rescaling unlike DL4J's inverted dropout), {@code saltpepper} (each value
 * set to {@code low} or {@code high}, equally likely, with probability level). Backprop passes
 * the gradient through where the value was kept and zero where it was replaced.
 */
public final class CorruptionNoise implements IDropout {
    private static final long serialVersionUID = 1L;

    private String kind;
    private double level;
    private double low;
    private double high;
    private transient INDArray keepMask;

    /** For JSON. */
    public CorruptionNoise() {
        this("gaussian", 0.1, 0, 1);
    }

    /**
     * @param kind  gaussian, masking or saltpepper
     * @param level sigma (gaussian) or probability (masking, saltpepper)
     * @param low   value of a masked / pepper pixel
     * @param high  value of a salt pixel
     */
    public CorruptionNoise(String kind, double level, double low, double high) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!k.equals("gaussian") && !k.equals("masking") && !k.equals("saltpepper")) {
            throw new IllegalArgumentException("noise kind must be gaussian, masking or saltpepper, found '" + kind + "'");
        }
        if (k.equals("gaussian") ? !(level > 0) || Double.isInfinite(level) : !(level >= 0 && level <= 1)) {
            throw new IllegalArgumentException("noise level for " + k + " must be "
                    + (k.equals("gaussian") ? "a finite sigma > 0" : "a probability in [0, 1]") + ", found " + level);
        }
        this.kind = k;
        this.level = level;
        this.low = low;
        this.high = high;
    }

    /** The same corruption as a data-pipeline {@link Noise} spec, on values in [low, high]. */
    public static CorruptionNoise of(Noise noise, double low, double high) {
        if (noise instanceof Noise.Gaussian g) {
            return new CorruptionNoise("gaussian", g.sigma(), low, high);
        } else if (noise instanceof Noise.Masking m) {
            return new CorruptionNoise("masking", m.p(), low, high);
        } else if (noise instanceof Noise.SaltPepper s) {
            return new CorruptionNoise("saltpepper", s.p(), low, high);
        }
        throw new IllegalArgumentException("no corruption for noise " + noise);
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray result, int iteration, int epoch,
            LayerWorkspaceMgr workspaceMgr) {
        result.assign(input);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            switch (kind) {
                case "gaussian" -> {
                    keepMask = null;
                    result.addi(Nd4j.randn(input.dataType(), input.shape()).muli(level));
                }
                case "masking" -> {
                    INDArray u = Nd4j.rand(input.dataType(), input.shape());
                    keepMask = u.gte(level).castTo(input.dataType());
                    result.muli(keepMask).addi(keepMask.rsub(1.0).muli(low));
                }
                default -> {
                    INDArray u = Nd4j.rand(input.dataType(), input.shape());
                    keepMask = u.gte(level).castTo(input.dataType());
                    INDArray pepper = u.lt(level / 2).castTo(input.dataType());
                    INDArray salt = keepMask.rsub(1.0).subi(pepper);
                    result.muli(keepMask).addi(pepper.muli(low)).addi(salt.muli(high));
                }
            }
        }
        return result;
    }

    @Override
    public INDArray backprop(INDArray gradient, INDArray gradientIn, int iteration, int epoch) {
        gradientIn.assign(gradient);
        if (keepMask != null) {
            gradientIn.muli(keepMask);
        }
        return gradientIn;
    }

    @Override
    public void clear() {
        keepMask = null;
    }

    @Override
    public CorruptionNoise clone() {
        return new CorruptionNoise(kind, level, low, high);
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public double getLevel() {
        return level;
    }

    public void setLevel(double level) {
        this.level = level;
    }

    public double getLow() {
        return low;
    }

    public void setLow(double low) {
        this.low = low;
    }

    public double getHigh() {
        return high;
    }

    public void setHigh(double high) {
        this.high = high;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CorruptionNoise c && c.kind.equals(kind) && c.level == level && c.low == low
                && c.high == high;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, level, low, high);
    }

    @Override
    public String toString() {
        return kind + ":" + level;
    }
}
