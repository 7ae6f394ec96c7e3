package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.IdxArray;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Shuffle;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two unpaired image domains a CycleGAN translates between, made from an installed data set
 * and chosen by name ({@code inverted}, {@code edges}, {@code sneaker-boot}, {@code tshirt-shirt},
 * {@code pullover-coat}).
 *
 * <p>The MNIST pairs are made by a known transform (each digit's negative; its Sobel edge map), so
 * every translation has an exact ground truth. Their two domains come from <em>disjoint</em> halves
 * of the split (a fixed shuffle, the same for every run): domain A holds one half's digits, domain B
 * the other half's transformed digits, so no image of A has its counterpart in B and training is
 * truly unpaired. The Fashion-MNIST pairs are two classes (object transfiguration): no ground truth.
 */
public enum DomainPair {
    /** MNIST digits ↔ their negatives (255 − pixel): exact ground truth both ways. */
    INVERTED("inverted", DatasetId.MNIST, "digit", "inverted digit", -1, -1),
    /** MNIST digits ↔ their Sobel edge maps: ground truth both ways (B→A must fill strokes in). */
    EDGES("edges", DatasetId.MNIST, "digit", "Sobel edge map", -1, -1),
    /** Fashion-MNIST sneakers (class 7) ↔ ankle boots (class 9). */
    SNEAKER_BOOT("sneaker-boot", DatasetId.FASHION_MNIST, "Sneaker", "Ankle boot", 7, 9),
    /** Fashion-MNIST T-shirts/tops (class 0) ↔ shirts (class 6). */
    TSHIRT_SHIRT("tshirt-shirt", DatasetId.FASHION_MNIST, "T-shirt/top", "Shirt", 0, 6),
    /** Fashion-MNIST pullovers (class 2) ↔ coats (class 4). */
    PULLOVER_COAT("pullover-coat", DatasetId.FASHION_MNIST, "Pullover", "Coat", 2, 4);

    /** Seed of the fixed shuffle that splits an MNIST split into the two disjoint halves. */
    static final long SPLIT_SEED = 0xC7C1E6A1L;

    private final String id;
    private final DatasetId dataset;
    private final String nameA;
    private final String nameB;
    private final int classA;
    private final int classB;

    DomainPair(String id, DatasetId dataset, String nameA, String nameB, int classA, int classB) {
        this.id = id;
        this.dataset = dataset;
        this.nameA = nameA;
        this.nameB = nameB;
        this.classA = classA;
        this.classB = classB;
    }

    /** The pair named {@code id} (e.g. {@code "sneaker-boot"}; a {@code "mnist:"} or {@code "fashion-mnist:"} prefix is accepted). */
    public static DomainPair of(String id) {
        String key = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        int colon = key.indexOf(':');
        if (colon >= 0) {
            key = key.substring(colon + 1);
        }
        for (DomainPair p : values()) {
            if (p.id.equals(key)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown domain pair '" + id + "'; known: " + known());
    }

    /** Every pair's name with its data set, e.g. {@code mnist:inverted}. */
    public static String known() {
        return Arrays.stream(values()).map(p -> p.dataset.id() + ":" + p.id).collect(Collectors.joining(", "));
    }

    public String id() {
        return id;
    }

    /** The data set both domains are drawn from. */
    public DatasetId dataset() {
        return dataset;
    }

    /** What domain A holds, e.g. "digit" or "Sneaker". */
    public String nameA() {
        return nameA;
    }

    /** What domain B holds, e.g. "inverted digit" or "Ankle boot". */
    public String nameB() {
        return nameB;
    }

    /** True for the MNIST pairs, made by a transform: every translation has a ground truth. */
    public boolean hasGroundTruth() {
        return classA < 0;
    }

    /** The data-set class of domain A (Fashion pairs), -1 for the transform pairs. */
    public int classA() {
        return classA;
    }

    /** The data-set class of domain B (Fashion pairs), -1 for the transform pairs. */
    public int classB() {
        return classB;
    }

    /**
     * The two domains of one split of the data set.
     *
     * @param a      domain A's images (labels: the data set's classes)
     * @param b      domain B's images, none of them made from an image of {@code a}
     * @param aTruth for the transform pairs, the exact translation of each image of {@code a} into B
     *               (same order); null otherwise
     * @param bTruth for the transform pairs, the image of A each image of {@code b} was made from; null otherwise
     */
    public record Domains(ImageDataset a, ImageDataset b, ImageDataset aTruth, ImageDataset bTruth) {
    }

    /**
     * Splits {@code data} (a split of {@link #dataset()}) into the two domains.
     *
     * @throws IllegalArgumentException when {@code data} is not of this pair's data set or a domain is empty
     */
    public Domains domains(ImageDataset data) {
        if (!data.classNames().equals(dataset.classNames())) {
            throw new IllegalArgumentException("domain pair " + dataset.id() + ":" + id + " needs images of "
                    + dataset.id() + ", found " + data.name() + " (classes " + data.classNames() + ")");
        }
        if (data.height() != 28 || data.width() != 28) {
            throw new IllegalArgumentException("domain pair " + id + " needs 28x28 images, found " + data.height()
                    + "x" + data.width() + " in " + data.name());
        }
        if (!hasGroundTruth()) {
            ImageDataset a = data.select(data.indicesOf(classA));
            ImageDataset b = data.select(data.indicesOf(classB));
            if (a.size() == 0 || b.size() == 0) {
                throw new IllegalArgumentException(data.name() + " has no images of class " + (a.size() == 0 ? nameA
                        : nameB) + " for domain pair " + id);
            }
            return new Domains(a, b, null, null);
        }
        if (data.size() < 2) {
            throw new IllegalArgumentException("domain pair " + id + " needs at least 2 images to split, found "
                    + data.size() + " in " + data.name());
        }
        int[] order = Shuffle.permutation(data.size(), SPLIT_SEED);
        int half = data.size() / 2;
        int[] first = Arrays.copyOfRange(order, 0, half);
        int[] second = Arrays.copyOfRange(order, half, 2 * half);
        ImageDataset a = data.select(first);
        ImageDataset bSource = data.select(second);
        return new Domains(a, transformed(bSource, "/" + id), transformed(a, "/" + id + "-truth"), bSource);
    }

    /** The images of domain A taken into domain B by the pair's transform (the transform pairs only). */
    public ImageDataset transformed(ImageDataset images, String suffix) {
        if (!hasGroundTruth()) {
            throw new IllegalStateException("domain pair " + id + " has no transform (its domains are classes)");
        }
        int n = images.size();
        int h = images.height();
        int w = images.width();
        int size = h * w;
        byte[] out = new byte[n * size];
        byte[] labels = new byte[n];
        int[] src = new int[size];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < size; p++) {
                src[p] = images.pixel(i, p);
            }
            for (int p = 0; p < size; p++) {
                out[i * size + p] = (byte) (this == INVERTED ? 255 - src[p] : sobel(src, h, w, p / w, p % w));
            }
            labels[i] = (byte) images.label(i);
        }
        return new ImageDataset(images.name() + suffix, new IdxArray(new int[] {n, h, w}, out),
                new IdxArray(new int[] {n}, labels), images.classNames());
    }

    /**
     * Sobel gradient magnitude at (y, x), zero outside the image, divided by 4 and clipped to 255:
     * a stroke edge of MNIST (0 → 255 over a pixel or two) maps to about full intensity.
     */
    static int sobel(int[] px, int h, int w, int y, int x) {
        int gx = 0;
        int gy = 0;
        for (int dy = -1; dy <= 1; dy++) {
            for (int dx = -1; dx <= 1; dx++) {
                int yy = y + dy;
                int xx = x + dx;
                int v = yy < 0 || yy >= h || xx < 0 || xx >= w ? 0 : px[yy * w + xx];
                gx += dx * (dy == 0 ? 2 : 1) * v;
                gy += dy * (dx == 0 ? 2 : 1) * v;
            }
        }
        return (int) Math.min(255, Math.round(Math.sqrt((double) gx * gx + (double) gy * gy) / 4));
    }

    @Override
    public String toString() {
        return dataset.id() + ":" + id + " (" + nameA + " <-> " + nameB + ")";
    }
}
