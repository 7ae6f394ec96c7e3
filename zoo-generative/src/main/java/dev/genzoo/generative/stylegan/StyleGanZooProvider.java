package dev.genzoo.generative.stylegan;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/** Registers the style-based GAN (listed in META-INF/services). */
public final class StyleGanZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(StyleGan.entry());
    }
}
