package dev.genzoo.core.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The image data sets GenZoo knows, with the SHA-256 and size of each decompressed IDX file
 * (../shared/DATA.md) and each data set's canonical download address.
 */
public enum DatasetId {
    /** MNIST handwritten digits (CC BY-SA 3.0, Y. LeCun, C. Cortes, C. Burges). */
    MNIST("mnist", "MNIST handwritten digits", "CC BY-SA 3.0",
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            new String[] {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"},
            "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"),
    /** Fashion-MNIST (MIT licence, Zalando Research). */
    FASHION_MNIST("fashion-mnist", "Fashion-MNIST clothing images", "MIT",
            "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
            new String[] {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
                "Bag", "Ankle boot"},
            "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
            "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
            "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
            "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34");

    /** One IDX file of a data set: its base name, SHA-256 and size once decompressed. */
    public record FileSpec(String fileName, String sha256, long bytes) {
        /** The dimensions its IDX header must declare: {@code [n]} labels or {@code [n, 28, 28]} images. */
        public List<Integer> dims() {
            return fileName.contains("labels") ? List.of((int) (bytes - 8)) : List.of((int) ((bytes - 16) / 784), 28, 28);
        }
    }

    private final String id;
    private final String title;
    private final String licence;
    private final String downloadBase;
    private final String[] classNames;
    private final FileSpec trainImages;
    private final FileSpec trainLabels;
    private final FileSpec testImages;
    private final FileSpec testLabels;

    DatasetId(String id, String title, String licence, String downloadBase, String[] classNames,
            String trainImages, String trainLabels, String testImages, String testLabels) {
        this.id = id;
        this.title = title;
        this.licence = licence;
        this.downloadBase = downloadBase;
        this.classNames = classNames;
        this.trainImages = new FileSpec("train-images-idx3-ubyte", trainImages, 47_040_016L);
        this.trainLabels = new FileSpec("train-labels-idx1-ubyte", trainLabels, 60_008L);
        this.testImages = new FileSpec("t10k-images-idx3-ubyte", testImages, 7_840_016L);
        this.testLabels = new FileSpec("t10k-labels-idx1-ubyte", testLabels, 10_008L);
    }

    /** The short name used on the command line and in folders ("mnist", "fashion-mnist"). */
    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String licence() {
        return licence;
    }

    /** Canonical download address (a folder holding the four {@code .gz} files). */
    public String downloadBase() {
        return downloadBase;
    }

    /** Human-readable class names, index = label. */
    public List<String> classNames() {
        return List.of(classNames);
    }

    public int numClasses() {
        return classNames.length;
    }

    public FileSpec images(Split split) {
        return split == Split.TRAIN ? trainImages : testImages;
    }

    public FileSpec labels(Split split) {
        return split == Split.TRAIN ? trainLabels : testLabels;
    }

    /** All four files. */
    public List<FileSpec> files() {
        return List.of(trainImages, trainLabels, testImages, testLabels);
    }

    /** Looks a data set up by its short name ("mnist", "fashion-mnist"; case and '_' vs '-' ignored). */
    public static DatasetId of(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetId d : values()) {
            if (d.id.equals(key) || d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("Unknown data set '" + name + "'; known: "
                + Arrays.stream(values()).map(DatasetId::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
