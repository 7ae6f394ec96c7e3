/**
 * GenZoo core: the zoo registry and weight store, data sets, layers shared by model families,
 * training support, evaluation and visualisation. Nothing here knows a concrete model; model
 * families register themselves through {@code dev.genzoo.core.registry.ZooProvider}.
 */
package dev.genzoo.core;
