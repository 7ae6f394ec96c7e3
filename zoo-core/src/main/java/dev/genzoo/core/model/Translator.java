package dev.genzoo.core.model;

import dev.genzoo.core.data.ImageDataset;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model that translates images between two domains (an image-to-image GAN such as CycleGAN):
 * a batch of domain A in, the same batch rendered in domain B out, and the other way. Images are
 * {@code [n, channels, height, width]} in the model's {@link #valueRange()}.
 */
public interface Translator extends GenZooModel {

    /** Which way a translation goes. */
    enum Direction {
        /** Domain A to domain B. */
        A2B,
        /** Domain B to domain A. */
        B2A;

        /** The other direction. */
        public Direction reverse() {
            return this == A2B ? B2A : A2B;
        }

        /** {@code a2b} or {@code b2a} (any case). */
        public static Direction of(String s) {
            String k = s == null ? "" : s.trim().toUpperCase(Locale.ROOT);
            for (Direction d : values()) {
                if (d.name().equals(k)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("direction must be a2b or b2a, found '" + s + "'");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What domain A holds, e.g. "digit". */
    String domainA();

    /** What domain B holds, e.g. "inverted digit". */
    String domainB();

    /** Name of the data set whose splits hold both domains (e.g. {@code mnist}), as {@code DatasetId.id()} spells it. */
    String dataset();

    /**
     * The first {@code n} images of the source domain of {@code direction} found in {@code data} (a
     * split of {@link #dataset()}), {@code [n, channels, height, width]} in {@link #valueRange()}.
     */
    INDArray sourceImages(ImageDataset data, Direction direction, int n);

    /** The batch {@code x} translated in {@code direction}; throws on a wrong shape or non-finite values. */
    INDArray translate(INDArray x, Direction direction);

    /** {@code x} translated and translated back: the cycle reconstruction. */
    default INDArray cycle(INDArray x, Direction direction) {
        return translate(translate(x, direction), direction.reverse());
    }
}
