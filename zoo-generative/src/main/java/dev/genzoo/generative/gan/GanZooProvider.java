package dev.genzoo.generative.gan;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/** Registers the GAN family with the zoo (listed in META-INF/services). */
public final class GanZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(MlpGan.entry(), Dcgan.entry(), ConditionalMlpGan.entry(), WassersteinGan.entry(), WganGp.entry(),
                ConvWganGp.entry(), Lsgan.entry());
    }
}
