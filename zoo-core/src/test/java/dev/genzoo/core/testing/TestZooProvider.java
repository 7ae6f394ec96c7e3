package dev.genzoo.core.testing;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/**
 * Registers the test models through the SPI (see
 * {@code src/test/resources/META-INF/services/dev.genzoo.core.registry.ZooProvider}).
 * {@value #BUNDLED} is a {@code classpath:} variant of {@link TinyModel} that tests create on the fly.
 */
public final class TestZooProvider implements ZooProvider {

    /** Class-path folder of the bundled test variant. */
    public static final String BUNDLED = "genzoo/models/tiny-ae/bundled/";

    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(TinyModel.entryBuilder().optVariant("bundled", "classpath:" + BUNDLED).build(),
                TinyPairModel.ENTRY);
    }
}
