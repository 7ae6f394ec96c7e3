package dev.genzoo.generative.cyclegan;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.model.Translator.Direction;
import dev.genzoo.core.train.TrainingOptions;
import dev.genzoo.core.train.TrainingReport;
import java.util.List;
import java.util.Map;
import dev.genzoo.core.weights.ModelCard;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CycleGanLearningTest {
    @Test
    void learnsInversionFromUnpairedBundledDigits() {
        ImageDataset data = Datasets.bundled(DatasetId.MNIST);
        CycleGan.Config c = new CycleGan.Config("inverted", 8, 1, List.of(16, 32), 10, 0.0, 50, 2e-4, 0.5, 1000, 1000, 7);
        CycleGan model = CycleGan.create(c);
        long t0 = System.nanoTime();
        TrainingReport r = model.train(data, new TrainingOptions(Integer.getInteger("ep", 5), 8, 7, 0).withQuiet(true));
        System.out.println("train s " + (System.nanoTime() - t0) / 1e9 + " " + r.epochLoss());
        Map<String, ModelCard.Metric> m = model.evaluate(data);
        m.forEach((k, v) -> System.out.println(k + " " + v.value()));
        try {
            TranslationGrid.write(TranslationGrid.render(model, TranslationGrid.bundledExamples(model, Direction.A2B, 12),
                    TranslationGrid.bundledExamples(model, Direction.B2A, 12)), java.nio.file.Path.of("/tmp/cg-grid.png"));
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
