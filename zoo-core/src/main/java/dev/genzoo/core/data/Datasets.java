package dev.genzoo.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point to the image data sets: the full splits (found by {@link DatasetLocator}, checked
 * against the published SHA-256 while they are read) and the bundled subsets (the first 1,000
 * test images of each data set, shipped in this jar so tests and demos run anywhere).
 *
 * <p>Loaded splits are kept in memory for the life of the JVM (47 MB for a training split), so
 * asking twice reads the files once.
 */
public final class Datasets {
    private static final Logger LOG = LoggerFactory.getLogger(Datasets.class);
    /** Number of images in each bundled subset. */
    public static final int BUNDLED_SIZE = 1000;
    private static final Map<String, String> BUNDLED_SHA256 = Map.of(
            "mnist/t10k-images-idx3-ubyte", "de7c252b04f05e1f8309634180ccdf286dc6dbac8c579b74e76e02ae0331ca52",
            "mnist/t10k-labels-idx1-ubyte", "832c0d20f0dc42e575488c75a83a970787d4c8d4d05831b2ef03701b4a478a90",
            "fashion-mnist/t10k-images-idx3-ubyte", "7a6d8e07ea021ec5bc73135ebd0a5770799557ec6f8242d8749c4f32a3cf4643",
            "fashion-mnist/t10k-labels-idx1-ubyte", "b40abac7ec8228f434940f579deb7cf7b6e3103b5274cb91d1545771f5ef1c8b");
    private static final Map<String, ImageDataset> LOADED = new ConcurrentHashMap<>();

    private Datasets() {
    }

    /** MNIST split, located with the default locator. */
    public static ImageDataset mnist(Split split) throws IOException {
        return load(DatasetId.MNIST, split);
    }

    /** Fashion-MNIST split, located with the default locator. */
    public static ImageDataset fashionMnist(Split split) throws IOException {
        return load(DatasetId.FASHION_MNIST, split);
    }

    /** A full split, located with the default locator (downloading only when online). */
    public static ImageDataset load(DatasetId id, Split split) throws IOException {
        return load(id, split, DatasetLocator.defaults());
    }

    /** A full split found by {@code locator}; the files' SHA-256 must match ../shared/DATA.md. */
    public static ImageDataset load(DatasetId id, Split split, DatasetLocator locator) throws IOException {
        DatasetLocator.Location loc = locator.locate(id);
        Path imgPath = loc.file(id.images(split));
        Path lblPath = loc.file(id.labels(split));
        String key = imgPath.toAbsolutePath() + "|" + lblPath.toAbsolutePath();
        ImageDataset cached = LOADED.get(key);
        if (cached != null) {
            return cached;
        }
        long t0 = System.nanoTime();
        IdxArray images = readVerified(imgPath, id.images(split));
        IdxArray labels = readVerified(lblPath, id.labels(split));
        ImageDataset ds = new ImageDataset(id + "/" + split.name().toLowerCase(java.util.Locale.ROOT), images,
                labels, id.classNames());
        LOG.debug("Loaded {} from {} in {} ms", ds, loc.dir(), (System.nanoTime() - t0) / 1_000_000);
        LOADED.put(key, ds);
        return ds;
    }

    /** The first 1,000 test images of a data set, bundled in this jar. */
    public static ImageDataset bundled(DatasetId id) {
        return LOADED.computeIfAbsent("bundled:" + id.id(), k -> {
            try {
                IdxArray images = readResource(id, id.images(Split.TEST).fileName());
                IdxArray labels = readResource(id, id.labels(Split.TEST).fileName());
                return new ImageDataset(id + "/test-" + BUNDLED_SIZE, images, labels, id.classNames());
            } catch (IOException e) {
                throw new UncheckedIOException("bundled subset of " + id + " is unreadable: " + e.getMessage(), e);
            }
        });
    }

    /**
     * The full split when the data set is installed, else the bundled subset (test split only).
     * Lets demos use real data where present and still run anywhere.
     */
    public static ImageDataset fullOrBundled(DatasetId id, Split split) {
        Optional<DatasetLocator.Location> loc = DatasetLocator.defaults().find(id);
        if (loc.isPresent()) {
            try {
                return load(id, split);
            } catch (IOException e) {
                LOG.warn("{} found at {} but unusable ({}); using the bundled subset", id, loc.get().dir(),
                        e.getMessage());
            }
        }
        return bundled(id);
    }

    /** Where a data set was found and whether each file's checksum matched, for {@code genzoo datasets list}. */
    public record Status(DatasetId dataset, Optional<DatasetLocator.Location> location, List<FileCheck> files) {
        /** True when the data set was found and all four files verified. */
        public boolean verified() {
            return location.isPresent() && !files.isEmpty() && files.stream().allMatch(FileCheck::ok);
        }
    }

    /** One file's check: the path, the SHA-256 found (or the error), and whether it matched. */
    public record FileCheck(String file, Path path, String sha256, boolean ok, String error) {
    }

    /** Finds (without downloading) and verifies a data set. */
    public static Status status(DatasetId id, DatasetLocator locator) {
        Optional<DatasetLocator.Location> loc = locator.find(id);
        List<FileCheck> checks = new ArrayList<>();
        if (loc.isPresent()) {
            for (DatasetId.FileSpec spec : id.files()) {
                Path p = loc.get().file(spec);
                try {
                    Idx.Read r = Idx.readWithDigest(p, spec);
                    boolean ok = spec.sha256().equalsIgnoreCase(r.sha256());
                    checks.add(new FileCheck(spec.fileName(), p, r.sha256(), ok,
                            ok ? null : "SHA-256 mismatch, expected " + spec.sha256()));
                } catch (IOException e) {
                    checks.add(new FileCheck(spec.fileName(), p, null, false, e.getMessage()));
                }
            }
        }
        return new Status(id, loc, checks);
    }

    private static IdxArray readVerified(Path file, DatasetId.FileSpec spec) throws IOException {
        Idx.Read r = Idx.readWithDigest(file, spec);
        DatasetLocator.checkDigest(spec, r.sha256(), file.toString());
        return r.array();
    }

    private static IdxArray readResource(DatasetId id, String fileName) throws IOException {
        String res = "genzoo/datasets/" + id.id() + "/" + fileName + "-" + BUNDLED_SIZE + ".gz";
        try (InputStream in = Datasets.class.getClassLoader().getResourceAsStream(res)) {
            if (in == null) {
                throw new DataNotFoundException("resource " + res + " is missing from the zoo-core jar");
            }
            String expected = BUNDLED_SHA256.get(id.id() + "/" + fileName);
            long bytes = fileName.contains("labels") ? 8 + BUNDLED_SIZE : 16 + 784L * BUNDLED_SIZE;
            Idx.Read r = Idx.readWithDigest(in, "classpath:" + res, new DatasetId.FileSpec(fileName, expected, bytes));
            if (!expected.equals(r.sha256())) {
                throw new DataFormatException("classpath:" + res + ": SHA-256 " + r.sha256() + ", expected " + expected);
            }
            return r.array();
        }
    }
}
