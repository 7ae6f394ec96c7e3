package dev.genzoo.cli;

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
            AnomalyCommand.class, dev.genzoo.cli.bench.BenchCommand.class,
            DatasetsCommand.class, ZooTableCommand.class, RetrainCommand.class, CommandLine.HelpCommand.class})
public final class GenZooCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Runs the CLI and returns its exit code (0 success, 1 failure, 2 bad arguments). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line, for embedding and tests. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new GenZooCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("genzoo: " + oneLine(ex));
            if (System.getenv("GENZOO_DEBUG") != null) {
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

    public static void main(String[] args) {
        // BLAS threads for the matrix products, separately from OpenMP's (the launcher sets
        // OMP_NUM_THREADS=1, which ND4J also applies to BLAS); see docs/benchmarks.md
        String blas = System.getenv("GENZOO_BLAS_THREADS");
        if (blas != null && blas.matches("[1-9][0-9]*")) {
            org.nd4j.linalg.factory.Nd4j.factory().blas().setMaxThreads(Integer.parseInt(blas));
        }
        System.exit(execute(args));
    }
}
