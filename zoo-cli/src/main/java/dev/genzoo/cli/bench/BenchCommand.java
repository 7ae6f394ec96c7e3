package dev.genzoo.cli.bench;

import dev.genzoo.autoencoders.ReconstructionLoss;
import dev.genzoo.autoencoders.UndercompleteAutoencoder;
import dev.genzoo.autoencoders.WeightPenalty;
import dev.genzoo.core.NativeBuild;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.Datasets;
import dev.genzoo.core.data.ImageDataset;
import dev.genzoo.core.data.Split;
import dev.genzoo.generative.gan.Dcgan;
import dev.genzoo.generative.gan.GanTrainer;
import dev.genzoo.generative.vae.MlpVae;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code genzoo bench WORKLOAD}: the workloads of ../shared/BENCHMARKS.md on Fashion-MNIST, in a
 * child JVM per run so each variant gets its own thread settings: {@code naive} the defaults a
 * DL4J user gets (OpenMP threads unset), {@code zoo} what GenZoo's launcher sets (one OpenMP
 * thread). Prints one {@code RESULT} line per epoch (per 100 iterations for dcgan), then a
 * {@code SUMMARY} line with the median over epochs after the first and the peak resident memory.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run a benchmark workload (mlp-ae,"
        + " mlp-vae, dcgan, conv-ae, classifier) from ../shared/BENCHMARKS.md and docs/benchmarks.md, or the"
        + " machine's ceiling (gemm), and print RESULT / SUMMARY lines.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(paramLabel = "WORKLOAD", description = "mlp-ae, mlp-vae, dcgan, conv-ae, classifier or gemm")
    String workload;

    @Option(names = "--variant", defaultValue = "zoo", description = "naive or zoo (default: ${DEFAULT-VALUE}).")
    String variant;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs for the MLP workloads (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--iters", defaultValue = "300", description = "Measured iterations for dcgan (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up iterations for dcgan (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--limit", defaultValue = "0", description = "Use only the first N training images (0 = all;"
            + " for quick checks, not for reported figures).")
    int limit;

    @Option(names = "--bundled", description = "Use the bundled 1,000 images (for tests only).")
    boolean bundled;

    @Option(names = "--in-process", description = "Run in this JVM with its thread settings (no child JVM).")
    boolean inProcess;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String w = workload.toLowerCase(Locale.ROOT);
        if (!WORKLOADS.contains(w)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "WORKLOAD must be one of " + WORKLOADS
                    + ", found '" + workload + "'");
        }
        if (!variant.equals("naive") && !variant.equals("zoo")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--variant must be naive or zoo, found '"
                    + variant + "'");
        }
        if (epochs < 1 || iters < 1 || warmup < 0 || limit < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "need --epochs >= 1, --iters >= 1, --warmup >= 0"
                    + " and --limit >= 0");
        }
        if (!inProcess) {
            return child();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (w.equals("gemm")) {
            gemm(out);
            return 0;
        }
        ImageDataset train = bundled ? Datasets.bundled(DatasetId.FASHION_MNIST) : Datasets.load(DatasetId.FASHION_MNIST,
                Split.TRAIN);
        ImageDataset test = bundled ? train : Datasets.load(DatasetId.FASHION_MNIST, Split.TEST);
        if (limit > 0 && limit < train.size()) {
            train = train.select(java.util.stream.IntStream.range(0, limit).toArray());
        }
        switch (w) {
            case "mlp-ae" -> mlpAe(out, train, test);
            case "mlp-vae" -> mlpVae(out, train, test);
            case "conv-ae", "classifier" -> conv(out, w, train, test);
            default -> dcgan(out, train);
        }
        return 0;
    }

    /** Re-runs this command in a child JVM with the variant's thread environment. */
    private int child() throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m");
        String level = System.getProperty("org.slf4j.simpleLogger.defaultLogLevel");
        if (level != null) {
            cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=" + level);
        }
        if (variant.equals("zoo")) {
            // the launcher's bounds on off-heap memory: part of how GenZoo runs
            // and its choice of ND4J's native build (GENZOO_NATIVE, applied by this JVM's main)
            for (String p : List.of("org.bytedeco.javacpp.maxbytes", "org.bytedeco.javacpp.maxphysicalbytes",
                    NativeBuild.EXTENSION_PROPERTY)) {
                if (System.getProperty(p) != null) {
                    cmd.add("-D" + p + "=" + System.getProperty(p));
                }
            }
        }
        if (variant.equals("zoo") && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            cmd.add("--add-modules=jdk.incubator.vector"); // the engine's Vector API loss kernels, as the launcher runs it
        }
        if (!variant.equals("zoo")) {
            cmd.add("-D" + NativeBuild.EXTENSION_PROPERTY + "="); // what nd4j-native-platform gives a DL4J user
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.genzoo.cli.GenZooCli");
        cmd.addAll(List.of("bench", workload, "--variant", variant, "--epochs", "" + epochs, "--iters", "" + iters,
                "--warmup", "" + warmup, "--limit", "" + limit, "--in-process"));
        if (bundled) {
            cmd.add("--bundled");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        if (variant.equals("naive")) {
            pb.environment().keySet().removeAll(ZOO_ENVIRONMENT.keySet());
            pb.environment().remove("GENZOO_BLAS_THREADS");
        } else {
            pb.environment().putAll(ZOO_ENVIRONMENT);
        }
        Process p = pb.start();
        PrintWriter out = spec.commandLine().getOut();
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream()))) {
            String line;
            while ((line = r.readLine()) != null) {
                out.println(line);
                out.flush();
            }
        }
        return p.waitFor();
    }

    /**
     * What the {@code genzoo} launcher sets (and a user of the library can set the same way): one
     * OpenMP thread, and glibc keeping freed native memory for reuse instead of unmapping it.
     */
    /** The launcher's environment for the zoo variant (taken away from the naive one: DL4J's defaults). */
    static final java.util.Map<String, String> ZOO_ENVIRONMENT = java.util.Map.of("OMP_NUM_THREADS", "1",
            "MALLOC_MMAP_THRESHOLD_", "33554432", "MALLOC_TRIM_THRESHOLD_", "17179869184",
            "MALLOC_TOP_PAD_", "268435456", "MALLOC_ARENA_MAX", "2");

    static final List<String> WORKLOADS = List.of("mlp-ae", "mlp-vae", "dcgan", "conv-ae", "classifier", "gemm");

    /**
     * Training FLOP per sample (or per dcgan iteration) as ../shared/BENCHMARKS.md and
     * docs/benchmarks.md count them: forward, weight gradients and input gradients (2 FLOP per
     * multiply-add), without the first layer's input gradient.
     */
    static final java.util.Map<String, Double> TRAINING_FLOP = java.util.Map.of("mlp-ae", 2.105e6,
            "mlp-vae", 4.198e6, "dcgan", 9.44e9, "conv-ae", 17.085e6, "classifier", 11.374e6);

    /** ND4J sgemm 1024x1024x1024 in GFLOP/s (median of 15 after 3 warm-up runs) with {@code threads} BLAS threads. */
    static double sgemmGflops(int threads) {
        var blas = org.nd4j.linalg.factory.Nd4j.factory().blas();
        int before = blas.getMaxThreads();
        blas.setMaxThreads(threads);
        try {
            var a = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1024, 1024);
            var b = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1024, 1024);
            var c = org.nd4j.linalg.factory.Nd4j.createUninitialized(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1024, 1024);
            List<Double> g = new ArrayList<>();
            for (int i = 0; i < 18; i++) {
                long t0 = System.nanoTime();
                org.nd4j.linalg.factory.Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
                double sec = (System.nanoTime() - t0) / 1e9;
                if (i >= 3) {
                    g.add(2.0 * 1024 * 1024 * 1024 / sec / 1e9);
                }
            }
            return median(g);
        } finally {
            blas.setMaxThreads(before);
        }
    }

    private void gemm(PrintWriter out) {
        int cores = Runtime.getRuntime().availableProcessors();
        new ResultLine("SUMMARY").put("workload", "gemm").put("cores", cores)
                .put("sgemm_1024_all_cores_gflops", sgemmGflops(cores)).put("sgemm_1024_one_core_gflops", sgemmGflops(1))
                .put("backend", NativeBuild.loaded()).print(out);
    }

    /**
     * {@code conv-ae} (the zoo's conv-ae: 3x3 stride-2 convolutions to 32 and 64 maps, code 32,
     * 4x4 stride-2 transposed convolutions, BCE) or {@code classifier} ({@code CnnClassifier.Config.defaults()},
     * the LeNet stages, as docs/benchmarks.md defines the workload: 5x5 convolutions to 20 and 50 maps with 2x2 max
     * pooling, 128 features, dropout 0.5, softmax): Fashion-MNIST images in [0, 1], batch 64, Adam
     * 1e-3, seed 42. {@code naive}: DL4J's {@code fit} on every batch materialised up front;
     * {@code zoo}: the engine ({@code FastGraphTrainer}) on GenZoo's pipeline.
     */
    private void conv(PrintWriter out, String w, ImageDataset train, ImageDataset test) {
        ComputationGraph graph = w.equals("conv-ae")
                ? dev.genzoo.autoencoders.ConvAutoencoder.create(dev.genzoo.autoencoders.ConvAutoencoder.Config.defaults())
                        .graph()
                : dev.genzoo.generative.classifier.CnnClassifier.create(
                        dev.genzoo.generative.classifier.CnnClassifier.Config.defaults()).graph();
        boolean labels = w.equals("classifier");
        var pipeline = train.batch(64).dropLast(true).scale(dev.genzoo.core.data.Scale.UNIT)
                .layout(dev.genzoo.core.data.Layout.IMAGE)
                .target(labels ? dev.genzoo.core.data.Target.LABELS : dev.genzoo.core.data.Target.INPUT);
        DataSetIterator it;
        dev.genzoo.engine.FastGraphTrainer engine = null;
        if (variant.equals("zoo")) {
            it = pipeline.iterator();
            engine = dev.genzoo.engine.FastGraphTrainer.of(graph).orElseThrow(() -> new IllegalStateException(
                    "the engine does not run " + w + ": " + dev.genzoo.engine.FastGraphTrainer.unsupportedReason(graph)));
        } else {
            List<DataSet> batches = new ArrayList<>();
            var pit = pipeline.iterator();
            while (pit.hasNext()) {
                DataSet ds = pit.next();
                batches.add(new DataSet(ds.getFeatures().dup(), ds.getLabels().dup()));
            }
            it = new org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator<>(batches, 1);
        }
        EpochTimer timer = new EpochTimer();
        graph.addListeners(timer);
        int n = (train.size() / 64) * 64;
        for (int e = 0; e < epochs; e++) {
            it.reset();
            if (engine != null) {
                engine.fit(it, 1);
            } else {
                graph.fit(it);
            }
            var tit = test.batch(250).scale(dev.genzoo.core.data.Scale.UNIT).layout(dev.genzoo.core.data.Layout.IMAGE)
                    .target(labels ? dev.genzoo.core.data.Target.LABELS : dev.genzoo.core.data.Target.INPUT).iterator();
            double sum = 0;
            int count = 0;
            int correct = 0;
            while (tit.hasNext()) {
                DataSet ds = tit.next();
                // zoo: the test pass through the engine's inference too (DL4J's layers here took the
                // convolutional workloads' peak resident memory from ~1 GB to 1.3-2.4 GB)
                INDArray output = engine != null ? engine.output(ds.getFeatures())[0] : null;
                sum += engine != null ? scoreOf(graph, output, ds.getLabels()) : graph.score(ds) * ds.numExamples();
                count += ds.numExamples();
                if (labels) {
                    var pred = (engine != null ? output : graph.outputSingle(ds.getFeatures())).argMax(1);
                    correct += pred.eq(ds.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.INT)
                            .sumNumber().intValue();
                }
            }
            ResultLine line = new ResultLine("RESULT").put("workload", w).put("variant", variant).put("epoch", e + 1)
                    .put("seconds", timer.seconds.get(e)).put("samples_per_s", n / timer.seconds.get(e))
                    .put("train_loss", timer.loss.get(e)).put("test_loss", sum / count);
            if (labels) {
                line.put("test_accuracy", (double) correct / count);
            }
            line.print(out);
        }
        summary(out, w, timer.seconds, n, timer.loss.get(timer.loss.size() - 1));
    }

    private void mlpAe(PrintWriter out, ImageDataset train, ImageDataset test) {
        ComputationGraph graph;
        DataSetIterator it;
        UndercompleteAutoencoder ae = null;
        if (variant.equals("zoo")) {
            ae = UndercompleteAutoencoder.create(new UndercompleteAutoencoder.Config(784, List.of(256), 32,
                    ReconstructionLoss.BCE, WeightPenalty.NONE, 1e-3, 42, 0));
            graph = ae.graph();
            it = BenchData.pipeline(train, 128, false, false).iterator();
        } else {
            graph = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(42).updater(new Adam(1e-3))
                    .weightInit(WeightInit.XAVIER).graphBuilder().addInputs("in")
                    .addLayer("h1", new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build(), "in")
                    .addLayer("code", new DenseLayer.Builder().nIn(256).nOut(32).activation(Activation.IDENTITY).build(),
                            "h1")
                    .addLayer("h2", new DenseLayer.Builder().nIn(32).nOut(256).activation(Activation.RELU).build(), "code")
                    .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.XENT).nIn(256).nOut(784)
                            .activation(Activation.SIGMOID).build(), "h2")
                    .setOutputs("out").build());
            graph.init();
            it = BenchData.naiveIterator(train, 128);
        }
        EpochTimer timer = new EpochTimer();
        graph.addListeners(timer);
        int n = (train.size() / 128) * 128;
        for (int e = 0; e < epochs; e++) {
            it.reset();
            if (ae != null) {
                ae.fit(it, 1);
            } else {
                graph.fit(it);
            }
            double testLoss = meanScore(graph, test);
            new ResultLine("RESULT").put("workload", "mlp-ae").put("variant", variant).put("epoch", e + 1)
                    .put("seconds", timer.seconds.get(e)).put("samples_per_s", n / timer.seconds.get(e))
                    .put("train_loss", timer.loss.get(e)).put("test_loss", testLoss).print(out);
        }
        summary(out, "mlp-ae", timer.seconds, n, timer.loss.get(timer.loss.size() - 1));
    }

    private void mlpVae(PrintWriter out, ImageDataset train, ImageDataset test) {
        MlpVae vae = MlpVae.create(MlpVae.Config.defaults());
        DataSetIterator it = variant.equals("zoo") ? BenchData.pipeline(train, 128, false, false).iterator() : null;
        var naive = variant.equals("zoo") ? null : BenchData.naiveVaeIterator(vae, train, 128);
        EpochTimer timer = new EpochTimer();
        vae.graph().addListeners(timer);
        int n = (train.size() / 128) * 128;
        var testX = test.batch(Math.min(2000, test.size())).iterator().next().getFeatures();
        for (int e = 0; e < epochs; e++) {
            if (it != null) {
                it.reset();
                vae.fit(it, 1);
            } else {
                naive.reset();
                vae.graph().fit(naive);
            }
            double testLoss = -vae.elbo(testX, 1).meanNumber().doubleValue();
            new ResultLine("RESULT").put("workload", "mlp-vae").put("variant", variant).put("epoch", e + 1)
                    .put("seconds", timer.seconds.get(e)).put("samples_per_s", n / timer.seconds.get(e))
                    .put("train_loss", timer.loss.get(e)).put("test_loss", testLoss).print(out);
        }
        summary(out, "mlp-vae", timer.seconds, n, timer.loss.get(timer.loss.size() - 1));
    }

    private void dcgan(PrintWriter out, ImageDataset train) {
        var it = BenchData.pipeline(train, 64, true, true).iterator();
        double[] last = new double[1];
        java.util.function.Consumer<DataSet> step;
        if (variant.equals("zoo")) {
            GanTrainer t = Dcgan.create(Dcgan.Config.defaults()).trainer();
            t.addListener(s -> last[0] = s.discriminatorLoss());
            step = t::step;
        } else {
            NaiveDcgan naive = new NaiveDcgan(42);
            step = ds -> {
                naive.step(ds.getFeatures());
                last[0] = naive.lastDLoss;
            };
        }
        for (int i = 0; i < warmup; i++) {
            step.accept(next(it));
        }
        List<Double> rates = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 1; i <= iters; i++) {
            step.accept(next(it));
            if (i % 100 == 0 || i == iters) {
                int done = i % 100 == 0 ? 100 : i % 100;
                double sec = (System.nanoTime() - start) / 1e9;
                rates.add(done / sec);
                new ResultLine("RESULT").put("workload", "dcgan").put("variant", variant).put("iters", i)
                        .put("seconds", sec).put("iters_per_s", done / sec).put("d_loss", last[0]).print(out);
                start = System.nanoTime();
            }
        }
        double ceiling = sgemmGflops(Runtime.getRuntime().availableProcessors());
        double useful = median(rates) * TRAINING_FLOP.get("dcgan") / 1e9;
        new ResultLine("SUMMARY").put("workload", "dcgan").put("variant", variant)
                .put("median_iters_per_s", median(rates)).put("useful_gflops", useful).put("ceiling_gflops", ceiling)
                .put("ceiling_share", useful / ceiling).put("peak_rss_mb", ResultLine.peakRssMb())
                .put("omp_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")))
                .put("malloc_trim", String.valueOf(System.getenv("MALLOC_TRIM_THRESHOLD_"))).put("backend", NativeBuild.loaded())
                .put("vector_api", dev.genzoo.engine.EngineOptions.vectorApi()).print(out);
    }

    private static DataSet next(org.nd4j.linalg.dataset.api.iterator.DataSetIterator it) {
        if (!it.hasNext()) {
            it.reset();
        }
        return it.next();
    }

    /**
     * The summed loss of a graph's inference {@code output} against {@code labels}, as the graph's
     * output layer scores it ({@code graph.score} times the rows, for a graph without weight
     * penalties): its loss function applied to the already activated output.
     */
    static double scoreOf(ComputationGraph graph, INDArray output, INDArray labels) {
        long n = output.size(0);
        var loss = dev.genzoo.engine.FastGraphTrainer.lossOf(graph.getOutputLayer(0));
        return loss.computeScore(labels.reshape(n, -1), output.reshape(n, -1),
                new org.nd4j.linalg.activations.impl.ActivationIdentity(), null, false);
    }

    private static double meanScore(ComputationGraph graph, ImageDataset test) {
        var it = test.batch(1000).iterator();
        double sum = 0;
        int n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            sum += graph.score(ds) * ds.numExamples();
            n += ds.numExamples();
        }
        return sum / n;
    }

    private void summary(PrintWriter out, String w, List<Double> seconds, int n, double finalLoss) {
        List<Double> rates = new ArrayList<>();
        for (int e = seconds.size() > 1 ? 1 : 0; e < seconds.size(); e++) {
            rates.add(n / seconds.get(e));
        }
        double ceiling = sgemmGflops(Runtime.getRuntime().availableProcessors());
        double useful = median(rates) * TRAINING_FLOP.get(w) / 1e9;
        new ResultLine("SUMMARY").put("workload", w).put("variant", variant).put("median_samples_per_s", median(rates))
                .put("useful_gflops", useful).put("ceiling_gflops", ceiling).put("ceiling_share", useful / ceiling)
                .put("final_train_loss", finalLoss).put("peak_rss_mb", ResultLine.peakRssMb())
                .put("omp_threads", String.valueOf(System.getenv("OMP_NUM_THREADS")))
                .put("malloc_trim", String.valueOf(System.getenv("MALLOC_TRIM_THRESHOLD_"))).put("backend", NativeBuild.loaded())
                .put("vector_api", dev.genzoo.engine.EngineOptions.vectorApi()).print(out);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(Double::compare);
        int m = s.size() / 2;
        return s.size() % 2 == 1 ? s.get(m) : (s.get(m - 1) + s.get(m)) / 2;
    }
}
