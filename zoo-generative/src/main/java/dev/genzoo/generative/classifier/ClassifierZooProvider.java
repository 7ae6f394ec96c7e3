package dev.genzoo.generative.classifier;

import dev.genzoo.core.registry.ZooEntry;
import dev.genzoo.core.registry.ZooProvider;
import java.util.List;

/** Registers the evaluation classifiers and the geometric anomaly detector with the zoo (listed in META-INF/services). */
public final class ClassifierZooProvider implements ZooProvider {
    @Override
    public List<ZooEntry<?, ?>> entries() {
        return List.of(CnnClassifier.mnistEntry(), CnnClassifier.fashionMnistEntry(), GeometricAnomalyDetector.entry());
    }
}
