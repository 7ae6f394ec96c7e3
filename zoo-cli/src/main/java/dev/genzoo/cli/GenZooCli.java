package dev.genzoo.cli;

import dev.genzoo.cli.bench.BenchCommand;
import dev.genzoo.core.NativeBuild;
import dev.genzoo.core.Settings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code genzoo} command line. Each subcommand is its own class; this one only wires them
 * and turns exceptions into a one-line reason and a non-zero exit code.
 */
@Command(name = "genzoo", mixinStandardHelpOptions = true, version = "GenZoo 0.1.0",
        description = "A model zoo of autoencoders and generative models for the JVM.",
        subcommands = {DemoCommand.class, ListCommand.class, InfoCommand.class, TrainCommand.class, EvaluateCommand.class,
            SampleCommand.class, ReconstructCommand.class, DenoiseCommand.class, InterpolateCommand.class,
            AnomalyCommand.class, SparkScoreCommand.class, TranslateCommand.class, MixCommand.class, EncodeCommand.class, CurvesCommand.class, CompactCommand.class, BenchCommand.class,
            DatasetsCommand.class, ZooTableCommand.class, GalleryCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class GenZooCli implements Runnable {
    /** SLF4J simple logger's level property, set from {@link Settings#logLevel()} by {@link #main}. */
    static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the CLI and returns its exit code (0 success, 1 failure, 2 bad arguments).
     *
     * @throws IllegalArgumentException a setting ({@link Settings#current()}) whose value is not understood
     */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /**
     * The configured command line, for embedding and tests, with this JVM's settings.
     *
     * @throws IllegalArgumentException a setting ({@link Settings#current()}) whose value is not understood
     */
    public static CommandLine commandLine() {
        return commandLine(Settings.current());
    }

    /** The configured command line; with {@link Settings#debug()}, errors also print their stack trace. */
    static CommandLine commandLine(Settings settings) {
        boolean debug = settings.debug();
        CommandLine cl = new CommandLine(new GenZooCli());
        cl.setParameterExceptionHandler((ex, args) -> {
            // one line: what is wrong and where the usage is, never the whole usage text
            CommandLine cmd = ex.getCommandLine();
            String name = cmd.getCommandSpec().qualifiedName(" ");
            cmd.getErr().println(name + ": " + oneLine(ex) + " (see `" + name + " --help`)");
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("genzoo: " + oneLine(ex));
            if (debug) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl;
    }

    static String oneLine(Throwable ex) {
        String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return m.replace('\n', ' ');
    }

    /**
     * The {@code genzoo} command: reads the settings (a value not understood is a bad argument,
     * exit code 2), applies the log level and BLAS threads, and runs the command.
     */
    public static void main(String[] args) {
        Settings settings;
        try {
            settings = Settings.current();
        } catch (IllegalArgumentException e) {
            System.err.println("genzoo: " + oneLine(e));
            System.exit(2);
            return;
        }
        // before the first logger is made; SLF4J's own property, when given (GENZOO_JAVA_OPTS), wins
        if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
            System.setProperty(LOG_LEVEL_PROPERTY, settings.logLevel().id());
        }
        // ND4J's native build (GENZOO_NATIVE), chosen before anything loads ND4J's backend
        NativeBuild.Choice nativeBuild;
        try {
            nativeBuild = NativeBuild.apply(settings.nativeBuild());
        } catch (IllegalArgumentException e) {
            System.err.println("genzoo: " + Settings.Key.NATIVE.env() + ": " + oneLine(e));
            System.exit(2);
            return;
        }
        org.slf4j.LoggerFactory.getLogger(GenZooCli.class).info("ND4J native build: {} ({})", nativeBuild.build(),
                nativeBuild.reason());
        // BLAS threads for the matrix products, separately from OpenMP's (the launcher sets
        // OMP_NUM_THREADS=1, which ND4J also applies to BLAS); see docs/benchmarks.md
        settings.blasThreads().ifPresent(n -> org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(n));
        // collections of unreachable ND4J arrays in long loops (GENZOO_GC_SECONDS; NativeGarbage says why)
        dev.genzoo.engine.NativeGarbage.shared().setInterval(java.time.Duration.ofSeconds(settings.gcSeconds()));
        dev.genzoo.engine.NativeGarbage.shared().setGrowth((long) settings.gcGrowthMb() << 20);
        // the Vector API for the fused losses where the launcher added jdk.incubator.vector (GENZOO_VECTOR=off: ND4J's)
        dev.genzoo.engine.EngineOptions.allowVectorApi(settings.vectorApi());
        System.exit(commandLine(settings).execute(args));
    }
}
