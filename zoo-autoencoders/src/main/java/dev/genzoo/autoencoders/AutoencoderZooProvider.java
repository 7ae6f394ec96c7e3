package dev.genzoo.autoencoders;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/** Registers the autoencoder family with the zoo (listed in META-INF/services). */
public final class AutoencoderZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(UndercompleteAutoencoder.entry(), OvercompleteAutoencoder.entry(), DenoisingAutoencoder.entry(),
                SparseAutoencoder.entry(), ContractiveAutoencoder.entry(), StochasticAutoencoder.entry(),
                ConvAutoencoder.entry());
    }
}
