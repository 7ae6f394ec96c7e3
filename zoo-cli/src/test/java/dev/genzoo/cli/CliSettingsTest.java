package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.genzoo.core.Settings;
import dev.genzoo.engine.EngineOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the CLI uses {@link Settings}: the engine's BLAS threads and {@code GENZOO_DEBUG}. */
class CliSettingsTest {

    @Test
    void theEngineLeavesBlasAsSetWhenTheUserChoseTheThreads() {
        EngineOptions chosen = TrainCommand.engineOptions(Settings.of(new Properties(),
                Map.of("GENZOO_BLAS_THREADS", "2")));
        assertEquals(EngineOptions.defaults().withLargeProductThreads(0), chosen);
        assertEquals(EngineOptions.defaults(), TrainCommand.engineOptions(Settings.of(new Properties(), Map.of())));
    }

    @Test
    void debugAddsTheStackTraceToAFailure() {
        String quiet = failure(Settings.of(new Properties(), Map.of()));
        String debug = failure(Settings.of(new Properties(), Map.of("GENZOO_DEBUG", "1")));
        assertTrue(quiet.startsWith("genzoo: "), quiet);
        assertFalse(quiet.contains("\tat "), quiet);
        assertTrue(debug.startsWith("genzoo: ") && debug.contains("\tat "), debug);
    }

    /** A command that fails. */
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("boom");
        }
    }

    /** What a failing command prints on stderr under these settings. */
    private static String failure(Settings settings) {
        StringWriter err = new StringWriter();
        CommandLine cl = GenZooCli.commandLine(settings);
        cl.addSubcommand("boom", new Boom());
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertEquals(1, cl.execute("boom"));
        return err.toString();
    }
}
