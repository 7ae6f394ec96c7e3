package dev.genzoo.generative;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import dev.genzoo.generative.rbm.RestrictedBoltzmannMachine;
import dev.genzoo.generative.vae.ConditionalVae;
import dev.genzoo.generative.vae.ConvVae;
import dev.genzoo.generative.vae.MlpVae;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the generative families of this module with the zoo (listed in META-INF/services).
 * Each family adds its entries in its own block.
 */
public final class GenerativeZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        List<ZooEntry<?, ?>> entries = new ArrayList<>();
        // VAE family
        entries.add(MlpVae.entry());
        entries.add(ConvVae.entry());
        entries.add(ConditionalVae.entry());
        // RBM family
        entries.add(RestrictedBoltzmannMachine.entry());
        return List.copyOf(entries);
    }
}
