package dev.genzoo.generative.cyclegan;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/** Registers the image-to-image translators (listed in META-INF/services). */
public final class CycleGanZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(CycleGan.entry());
    }
}
