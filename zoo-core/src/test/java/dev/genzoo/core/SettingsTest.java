package dev.genzoo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class SettingsTest {

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        p.setProperty("user.home", "/u");
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    private static String rejected(Properties p, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> Settings.of(p, env)).getMessage();
    }

    @Test
    void namesFollowOneRule() {
        assertEquals("genzoo.home", Settings.Key.HOME.property());
        assertEquals("GENZOO_HOME", Settings.Key.HOME.env());
        assertEquals("genzoo.blas.threads", Settings.Key.BLAS_THREADS.property());
        assertEquals("GENZOO_BLAS_THREADS", Settings.Key.BLAS_THREADS.env());
    }

    @Test
    void defaultsWithNothingSet() {
        Settings s = Settings.of(props(), Map.of());
        assertEquals(Path.of("/u", ".genzoo"), s.home());
        assertEquals(Path.of("/u", ".genzoo", "datasets"), s.datasetsCache());
        assertFalse(s.offline());
        assertEquals(Optional.empty(), s.dataDir());
        assertEquals(Settings.LogLevel.WARN, s.logLevel());
        assertFalse(s.debug());
        assertEquals(OptionalInt.empty(), s.blasThreads());
        assertEquals(Settings.ShowMode.AUTO, s.showMode());
        assertEquals(Optional.empty(), s.npmPrefix());
        assertEquals("auto", s.nativeBuild());
        assertEquals(Settings.DEFAULT_GC_SECONDS, s.gcSeconds());
    }

    @Test
    void propertyWinsOverEnvironmentWhichWinsOverDefault() {
        Map<String, String> env = Map.of("GENZOO_HOME", "/e", "GENZOO_OFFLINE", "1", "GENZOO_DATA", "/ed",
                "GENZOO_LOG", "info", "GENZOO_DEBUG", "yes", "GENZOO_BLAS_THREADS", "2", "GENZOO_SHOW", "file");
        Settings fromEnv = Settings.of(props(), env);
        assertEquals(Path.of("/e"), fromEnv.home());
        assertTrue(fromEnv.offline());
        assertEquals(Optional.of(Path.of("/ed")), fromEnv.dataDir());
        assertEquals(Settings.LogLevel.INFO, fromEnv.logLevel());
        assertTrue(fromEnv.debug());
        assertEquals(OptionalInt.of(2), fromEnv.blasThreads());
        assertEquals(Settings.ShowMode.FILE, fromEnv.showMode());

        Settings fromProps = Settings.of(props("genzoo.home", "/p", "genzoo.offline", "false", "genzoo.data", "/pd",
                "genzoo.log", "trace", "genzoo.debug", "off", "genzoo.blas.threads", "3", "genzoo.show", "auto"), env);
        assertEquals(Path.of("/p"), fromProps.home());
        assertFalse(fromProps.offline());
        assertEquals(Optional.of(Path.of("/pd")), fromProps.dataDir());
        assertEquals(Settings.LogLevel.TRACE, fromProps.logLevel());
        assertFalse(fromProps.debug());
        assertEquals(OptionalInt.of(3), fromProps.blasThreads());
        assertEquals(Settings.ShowMode.AUTO, fromProps.showMode());
    }

    @Test
    void aPropertyIsCheckedEvenWhenTheEnvironmentIsFine() {
        String m = rejected(props("genzoo.offline", "maybe"), Map.of("GENZOO_OFFLINE", "1"));
        assertTrue(m.contains("-Dgenzoo.offline"), m);
    }

    @Test
    void everyBooleanSpellingIsAccepted() {
        for (String t : List.of("1", "true", "TRUE", "True", "yes", "YES", "on", "On", " true ")) {
            assertTrue(Settings.of(props(), Map.of("GENZOO_OFFLINE", t)).offline(), t);
            assertTrue(Settings.of(props("genzoo.debug", t), Map.of()).debug(), t);
        }
        for (String f : List.of("0", "false", "FALSE", "no", "No", "off", "OFF")) {
            assertFalse(Settings.of(props(), Map.of("GENZOO_OFFLINE", f)).offline(), f);
            assertFalse(Settings.of(props("genzoo.debug", f), Map.of()).debug(), f);
        }
    }

    @Test
    void anUnknownBooleanNamesTheVariableTheValueAndTheAcceptedValues() {
        for (String bad : List.of("maybe", "", "2", "y", "enabled")) {
            String m = rejected(props(), Map.of("GENZOO_OFFLINE", bad));
            assertTrue(m.contains("GENZOO_OFFLINE"), m);
            assertTrue(m.contains("'" + bad + "'"), m);
            for (String accepted : List.of("1/0", "true/false", "yes/no", "on/off")) {
                assertTrue(m.contains(accepted), m);
            }
        }
        String m = rejected(props("genzoo.debug", "maybe"), Map.of());
        assertTrue(m.contains("-Dgenzoo.debug") && m.contains("'maybe'") && m.contains("on/off"), m);
    }

    @Test
    void logLevelIsOneOfTheFiveLevels() {
        for (Settings.LogLevel level : Settings.LogLevel.values()) {
            assertEquals(level, Settings.of(props(), Map.of("GENZOO_LOG", level.id())).logLevel());
            assertEquals(level, Settings.of(props("genzoo.log", level.name()), Map.of()).logLevel());
        }
        assertEquals("debug", Settings.LogLevel.DEBUG.id());
        String m = rejected(props(), Map.of("GENZOO_LOG", "verbose"));
        assertTrue(m.contains("GENZOO_LOG") && m.contains("'verbose'"), m);
        assertTrue(m.contains("error|warn|info|debug|trace"), m);
    }

    @Test
    void blasThreadsMustBeAPositiveWholeNumber() {
        assertEquals(OptionalInt.of(16), Settings.of(props(), Map.of("GENZOO_BLAS_THREADS", "16")).blasThreads());
        for (String bad : List.of("0", "-1", "two", "1.5", "", "99999999999")) {
            String m = rejected(props(), Map.of("GENZOO_BLAS_THREADS", bad));
            assertTrue(m.contains("GENZOO_BLAS_THREADS") && m.contains("'" + bad + "'") && m.contains("positive"), m);
        }
    }

    @Test
    void nativeBuildIsOneOfNdFourJsBuilds() {
        assertEquals("onednn", Settings.of(props(), Map.of("GENZOO_NATIVE", " OneDNN ")).nativeBuild());
        assertEquals("default", Settings.of(props("genzoo.native", "default"), Map.of("GENZOO_NATIVE", "onednn"))
                .nativeBuild());
        String m = rejected(props(), Map.of("GENZOO_NATIVE", "mkl"));
        assertTrue(m.contains("GENZOO_NATIVE") && m.contains("'mkl'") && m.contains("auto|default|onednn"), m);
    }

    @Test
    void gcSecondsIsAWholeNumberWithZeroForOff() {
        assertEquals(0, Settings.of(props(), Map.of("GENZOO_GC_SECONDS", " 0 ")).gcSeconds());
        assertEquals(12, Settings.of(props("genzoo.gc.seconds", "12"), Map.of("GENZOO_GC_SECONDS", "3")).gcSeconds());
        for (String bad : List.of("-1", "five", "2.5", "", "99999999999")) {
            String m = rejected(props(), Map.of("GENZOO_GC_SECONDS", bad));
            assertTrue(m.contains("GENZOO_GC_SECONDS") && m.contains("'" + bad + "'") && m.contains("whole number"), m);
        }
    }

    @Test
    void gcGrowthIsAWholeNumberOfMegabytesWithZeroForOff() {
        assertEquals(Settings.DEFAULT_GC_GROWTH_MB, Settings.of(props(), Map.of()).gcGrowthMb());
        assertEquals(0, Settings.of(props(), Map.of("GENZOO_GC_GROWTH_MB", "0")).gcGrowthMb());
        assertEquals(64, Settings.of(props("genzoo.gc.growth.mb", "64"), Map.of("GENZOO_GC_GROWTH_MB", "512"))
                .gcGrowthMb());
        for (String bad : List.of("-128", "lots", "0.5")) {
            String m = rejected(props(), Map.of("GENZOO_GC_GROWTH_MB", bad));
            assertTrue(m.contains("GENZOO_GC_GROWTH_MB") && m.contains("'" + bad + "'") && m.contains("whole number"), m);
        }
    }

    @Test
    void vectorApiIsOnUnlessTurnedOff() {
        assertTrue(Settings.of(props(), Map.of()).vectorApi());
        assertFalse(Settings.of(props(), Map.of("GENZOO_VECTOR", "off")).vectorApi());
        assertTrue(Settings.of(props("genzoo.vector", "yes"), Map.of("GENZOO_VECTOR", "0")).vectorApi());
        String m = rejected(props(), Map.of("GENZOO_VECTOR", "svml"));
        assertTrue(m.contains("GENZOO_VECTOR") && m.contains("'svml'") && m.contains("on/off"), m);
    }

    @Test
    void showModeIsAutoOrFile() {
        String m = rejected(props(), Map.of("GENZOO_SHOW", "window"));
        assertTrue(m.contains("GENZOO_SHOW") && m.contains("'window'") && m.contains("auto|file"), m);
    }

    @Test
    void blankPathsAreRejected() {
        for (String blank : List.of("", "  ")) {
            String m = rejected(props(), Map.of("GENZOO_HOME", blank));
            assertTrue(m.contains("GENZOO_HOME") && m.contains("'" + blank + "'") && m.contains("non-blank path"), m);
            m = rejected(props("genzoo.data", blank), Map.of());
            assertTrue(m.contains("-Dgenzoo.data") && m.contains("non-blank path"), m);
        }
    }

    @Test
    void npmPrefixIsNpmsOwnVariable() {
        assertEquals(Optional.of(Path.of("/n")), Settings.of(props(), Map.of("NPM_CONFIG_PREFIX", "/n")).npmPrefix());
        assertEquals(Optional.empty(), Settings.of(props(), Map.of("NPM_CONFIG_PREFIX", " ")).npmPrefix());
        assertEquals(Optional.empty(), Settings.of(props("NPM_CONFIG_PREFIX", "/p"), Map.of()).npmPrefix());
    }

    @Test
    void equalSettingsAreEqual() {
        Settings a = Settings.of(props(), Map.of("GENZOO_HOME", "/h", "GENZOO_BLAS_THREADS", "2"));
        Settings b = Settings.of(props("genzoo.home", "/h"), Map.of("GENZOO_BLAS_THREADS", "2"));
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertTrue(a.toString().contains("blasThreads=2"), a.toString());
    }

    @Test
    void currentReadsThisJvm() {
        String previous = System.getProperty("genzoo.home");
        try {
            System.setProperty("genzoo.home", "/from-this-jvm");
            assertEquals(Path.of("/from-this-jvm"), Settings.current().home());
        } finally {
            if (previous == null) {
                System.clearProperty("genzoo.home");
            } else {
                System.setProperty("genzoo.home", previous);
            }
        }
    }
}
