package dev.genzoo.core.registry;

import java.util.List;

/**
 * Service-provider interface through which modules and users add models to the zoo. List the
 * implementation in {@code META-INF/services/dev.genzoo.core.registry.ZooProvider}; it needs a
 * public no-argument constructor. Entry names must be unique across all providers: a duplicate
 * makes registration fail with an error naming both providers.
 */
public interface ZooProvider {

    /** The entries this provider contributes, in the order they should be listed. */
    List<ZooEntry<?, ?>> entries();
}
