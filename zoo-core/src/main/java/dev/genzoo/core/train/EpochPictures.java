package dev.genzoo.core.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress listener that writes one picture per epoch, {@code epoch-NNN.png} in a folder (a
 * generative model's samples from fixed noise, a translator's fixed inputs), and passes every
 * event on to the listener it wraps. A picture that cannot be made or written is logged and
 * skipped: it never stops the training.
 */
public final class EpochPictures implements ProgressListener {
    private static final Logger LOG = LoggerFactory.getLogger(EpochPictures.class);

    /** Makes the picture of the epoch that just ended and writes it to {@code file}. */
    @FunctionalInterface
    public interface Painter {
        void paint(Progress p, Path file) throws IOException;
    }

    private final ProgressListener inner;
    private final Path folder;
    private final Painter painter;

    /**
     * @param inner   the listener every event goes on to (console progress)
     * @param folder  where {@code epoch-NNN.png} go (created when needed)
     * @param painter what each picture shows
     */
    public EpochPictures(ProgressListener inner, Path folder, Painter painter) {
        this.inner = inner;
        this.folder = folder;
        this.painter = painter;
    }

    @Override
    public void onStep(Progress p) {
        inner.onStep(p);
    }

    @Override
    public void onEpochEnd(Progress p, double epochLoss) {
        inner.onEpochEnd(p, epochLoss);
        try {
            Files.createDirectories(folder);
            painter.paint(p, folder.resolve(String.format("epoch-%03d.png", p.epoch())));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not write the picture of epoch {}: {}", p.epoch(), e.toString());
        }
    }

    @Override
    public void onCheckpoint(long step, Path checkpoint, double millis) {
        inner.onCheckpoint(step, checkpoint, millis);
    }

    @Override
    public void onEnd() {
        inner.onEnd();
    }
}
