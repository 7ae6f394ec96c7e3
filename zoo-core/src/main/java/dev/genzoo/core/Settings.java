package dev.genzoo.core;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Every GenZoo setting, read once from system properties and environment variables with one rule.
 *
 * <p>The rule: for a setting {@code X}, the system property {@code genzoo.X} wins over the
 * environment variable {@code GENZOO_X} (dots become underscores, letters upper case), and
 * without either the setting takes its default. A value that is set is parsed strictly, after
 * removing surrounding whitespace: a value this class does not understand (a blank one included)
 * throws an {@link IllegalArgumentException} naming the property or variable, the value found and
 * the accepted values; it is never taken as the default.
 *
 * <table>
 *   <caption>The settings</caption>
 *   <tr><th>Property</th><th>Environment</th><th>Default</th><th>Meaning</th></tr>
 *   <tr><td>{@code genzoo.home}</td><td>{@code GENZOO_HOME}</td><td>{@code ~/.genzoo}</td>
 *       <td>{@link #home()}</td></tr>
 *   <tr><td>{@code genzoo.offline}</td><td>{@code GENZOO_OFFLINE}</td><td>false</td>
 *       <td>{@link #offline()}</td></tr>
 *   <tr><td>{@code genzoo.data}</td><td>{@code GENZOO_DATA}</td><td>none</td>
 *       <td>{@link #dataDir()}</td></tr>
 *   <tr><td>{@code genzoo.log}</td><td>{@code GENZOO_LOG}</td><td>{@code warn}</td>
 *       <td>{@link #logLevel()}</td></tr>
 *   <tr><td>{@code genzoo.debug}</td><td>{@code GENZOO_DEBUG}</td><td>false</td>
 *       <td>{@link #debug()}</td></tr>
 *   <tr><td>{@code genzoo.blas.threads}</td><td>{@code GENZOO_BLAS_THREADS}</td><td>none</td>
 *       <td>{@link #blasThreads()}</td></tr>
 *   <tr><td>{@code genzoo.show}</td><td>{@code GENZOO_SHOW}</td><td>{@code auto}</td>
 *       <td>{@link #showMode()}</td></tr>
 *   <tr><td>{@code genzoo.download.min.rate}</td><td>{@code GENZOO_DOWNLOAD_MIN_RATE}</td><td>1024</td>
 *       <td>{@link #downloadMinRate()}</td></tr>
 *   <tr><td>{@code genzoo.native}</td><td>{@code GENZOO_NATIVE}</td><td>{@code auto}</td>
 *       <td>{@link #nativeBuild()}</td></tr>
 *   <tr><td>{@code genzoo.gc.seconds}</td><td>{@code GENZOO_GC_SECONDS}</td><td>5</td>
 *       <td>{@link #gcSeconds()}</td></tr>
 *   <tr><td>{@code genzoo.gc.growth.mb}</td><td>{@code GENZOO_GC_GROWTH_MB}</td><td>128</td>
 *       <td>{@link #gcGrowthMb()}</td></tr>
 *   <tr><td>{@code genzoo.vector}</td><td>{@code GENZOO_VECTOR}</td><td>true</td>
 *       <td>{@link #vectorApi()}</td></tr>
 *   <tr><td>-</td><td>{@code NPM_CONFIG_PREFIX}</td><td>none</td><td>{@link #npmPrefix()}</td></tr>
 * </table>
 *
 * <p>Booleans accept {@code 1}/{@code 0}, {@code true}/{@code false}, {@code yes}/{@code no} and
 * {@code on}/{@code off}, in any case. Paths must not be blank. {@code NPM_CONFIG_PREFIX} is npm's
 * own variable, read here so that no other class reads the environment: it has no system
 * property, and a blank value means npm's default (none), as npm is the one to judge it.
 *
 * <p>Instances are immutable and parsed eagerly, so a bad value fails at {@link #current()} or
 * {@link #of(Properties, Map)}, whatever setting the caller wanted.
 */
public final class Settings {

    /** The environment variable of npm's prefix folder (npm's own, not GenZoo's). */
    public static final String NPM_PREFIX_ENV = "NPM_CONFIG_PREFIX";

    /** Default of {@link #downloadMinRate()}: 1 KiB/s. */
    public static final int DEFAULT_DOWNLOAD_MIN_RATE = 1024;
    /** {@link #gcSeconds()} when not set. */
    public static final int DEFAULT_GC_SECONDS = 5;
    /** {@link #gcGrowthMb()} when not set. */
    public static final int DEFAULT_GC_GROWTH_MB = 128;

    private static final String BOOLEANS = "1/0, true/false, yes/no, on/off (case-insensitive)";

    /** A GenZoo setting, with its system property {@code genzoo.X} and environment variable {@code GENZOO_X}. */
    public enum Key {
        /** The GenZoo home folder. */
        HOME("home"),
        /** Offline mode. */
        OFFLINE("offline"),
        /** A folder of data sets, searched first. */
        DATA("data"),
        /** The log level. */
        LOG("log"),
        /** Stack traces on CLI errors. */
        DEBUG("debug"),
        /** BLAS threads of the CLI. */
        BLAS_THREADS("blas.threads"),
        /** How notebooks show pictures. */
        SHOW("show"),
        /** The slowest download waited for, in bytes per second. */
        DOWNLOAD_MIN_RATE("download.min.rate"),
        /** Which native build of ND4J the command line loads. */
        NATIVE("native"),
        /** Seconds between the collections of unreachable ND4J arrays in long loops. */
        GC_SECONDS("gc.seconds"),
        /** Growth of the resident size, in MB, that starts such a collection before the interval. */
        GC_GROWTH_MB("gc.growth.mb"),
        /** Whether the engine's fused losses may use the Vector API where the JVM has it. */
        VECTOR("vector");

        private final String property;
        private final String env;

        Key(String suffix) {
            this.property = "genzoo." + suffix;
            this.env = "GENZOO_" + suffix.toUpperCase(Locale.ROOT).replace('.', '_');
        }

        /** The system property, {@code genzoo.X}. */
        public String property() {
            return property;
        }

        /** The environment variable, {@code GENZOO_X}. */
        public String env() {
            return env;
        }
    }

    /** Log levels of {@link #logLevel()}, from the quietest. */
    public enum LogLevel {
        /** Errors only. */
        ERROR,
        /** Errors and warnings (the default). */
        WARN,
        /** Also progress information. */
        INFO,
        /** Also debugging detail. */
        DEBUG,
        /** Everything. */
        TRACE;

        /** The lower-case name, as written in the settings and understood by SLF4J's simple logger. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a notebook shows a picture ({@link #showMode()}). */
    public enum ShowMode {
        /** In the notebook kernel when there is one, else into a temporary PNG file (the default). */
        AUTO,
        /** Always into a temporary PNG file whose path is printed. */
        FILE;

        /** The lower-case name, as written in the settings. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Path home;
    private final boolean offline;
    private final Path dataDir;
    private final LogLevel logLevel;
    private final boolean debug;
    private final Integer blasThreads;
    private final ShowMode showMode;
    private final int downloadMinRate;
    private final Path npmPrefix;
    private final String nativeBuild;
    private final int gcSeconds;
    private final int gcGrowthMb;
    private final boolean vectorApi;

    private Settings(Properties properties, Map<String, String> env) {
        Path defaultHome = Path.of(properties.getProperty("user.home", System.getProperty("user.home")), ".genzoo");
        this.home = find(Key.HOME, properties, env).map(Settings::parsePath).orElse(defaultHome);
        this.offline = find(Key.OFFLINE, properties, env).map(Settings::parseBoolean).orElse(false);
        this.dataDir = find(Key.DATA, properties, env).map(Settings::parsePath).orElse(null);
        this.logLevel = find(Key.LOG, properties, env).map(f -> parseEnum(f, LogLevel.class)).orElse(LogLevel.WARN);
        this.debug = find(Key.DEBUG, properties, env).map(Settings::parseBoolean).orElse(false);
        this.blasThreads = find(Key.BLAS_THREADS, properties, env).map(Settings::parsePositiveInt).orElse(null);
        this.showMode = find(Key.SHOW, properties, env).map(f -> parseEnum(f, ShowMode.class)).orElse(ShowMode.AUTO);
        this.downloadMinRate = find(Key.DOWNLOAD_MIN_RATE, properties, env).map(Settings::parsePositiveInt)
                .orElse(DEFAULT_DOWNLOAD_MIN_RATE);
        this.nativeBuild = find(Key.NATIVE, properties, env).map(Settings::parseNativeBuild).orElse("auto");
        this.gcSeconds = find(Key.GC_SECONDS, properties, env).map(Settings::parseNonNegativeInt)
                .orElse(DEFAULT_GC_SECONDS);
        this.gcGrowthMb = find(Key.GC_GROWTH_MB, properties, env).map(Settings::parseNonNegativeInt)
                .orElse(DEFAULT_GC_GROWTH_MB);
        this.vectorApi = find(Key.VECTOR, properties, env).map(Settings::parseBoolean).orElse(true);
        String prefix = env.get(NPM_PREFIX_ENV);
        this.npmPrefix = prefix == null || prefix.isBlank() ? null : parsePath(new Found(NPM_PREFIX_ENV, prefix));
    }

    /**
     * The settings of this JVM now: {@link System#getProperties()} and {@link System#getenv()}.
     * Read on every call, so a test or a user can change a system property at run time.
     *
     * @throws IllegalArgumentException a value that is not understood, naming the setting
     */
    public static Settings current() {
        return of(System.getProperties(), System.getenv());
    }

    /**
     * The settings given by these system properties and environment variables (for tests, or a
     * child process's environment). The default home is under {@code user.home} from
     * {@code properties}, else from this JVM.
     *
     * @param properties the system properties; not null
     * @param env        the environment variables; not null
     * @throws IllegalArgumentException a value that is not understood, naming the setting
     */
    public static Settings of(Properties properties, Map<String, String> env) {
        return new Settings(Objects.requireNonNull(properties, "properties"), Objects.requireNonNull(env, "env"));
    }

    /** The GenZoo home folder (not created): the weight cache's root, {@code datasets/} and {@code npm/} live there. */
    public Path home() {
        return home;
    }

    /** The cache folder of downloaded data sets, {@code <home>/datasets} (not created). */
    public Path datasetsCache() {
        return home.resolve("datasets");
    }

    /** Whether the network is off limits: no weight or data set download. */
    public boolean offline() {
        return offline;
    }

    /** The folder of data sets searched first ({@code <dir>/<name>/}), if one is set. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** The log level of the command line and notebook runner (default {@link LogLevel#WARN}). */
    public LogLevel logLevel() {
        return logLevel;
    }

    /** Whether the command line prints stack traces of errors. */
    public boolean debug() {
        return debug;
    }

    /**
     * The number of BLAS threads the user chose for the command line, if any. When set, the CLI sets
     * BLAS to it and the engine leaves BLAS's thread count alone.
     */
    public OptionalInt blasThreads() {
        return blasThreads == null ? OptionalInt.empty() : OptionalInt.of(blasThreads);
    }

    /** How notebooks show pictures (default {@link ShowMode#AUTO}). */
    public ShowMode showMode() {
        return showMode;
    }

    /**
     * The slowest download of weights or data sets waited for, in bytes per second averaged over a
     * minute (default {@value #DEFAULT_DOWNLOAD_MIN_RATE}); a slower transfer fails and keeps nothing.
     */
    public int downloadMinRate() {
        return downloadMinRate;
    }

    /**
     * Which native build of ND4J the command line loads ({@code dev.genzoo.core.NativeBuild}):
     * {@code auto} (default: the fastest measured that is on the class path and runs on this CPU),
     * {@code default} (the plain build every DL4J user gets) or a build's classifier suffix:
     * {@code onednn}, {@code onednn-avx512}, {@code avx2}, {@code avx512}.
     */
    public String nativeBuild() {
        return nativeBuild;
    }

    /**
     * Seconds between the collections that long loops (training steps, inference passes) run so
     * that unreachable ND4J arrays give their native memory back ({@code dev.genzoo.engine.NativeGarbage});
     * 0 turns them off. The command line applies it at start.
     */
    public int gcSeconds() {
        return gcSeconds;
    }

    /**
     * Growth of ND4J's allocated native memory (live arrays and unreachable ones not yet collected), in
     * MB, over its amount after the last such collection, that starts one before {@link #gcSeconds()}
     * have passed (a fast loop makes more garbage in the same seconds); 0 leaves it to the interval
     * alone. The command line applies it at start.
     */
    public int gcGrowthMb() {
        return gcGrowthMb;
    }

    /**
     * Whether the engine's fused losses compute their exponentials and logarithms with JDK 17's
     * incubating Vector API (16-lane polynomials, 5-6x ND4J's transforms) where the JVM was started with {@code --add-modules
     * jdk.incubator.vector}, as the launcher does; off, ND4J's transforms compute the same losses
     * (for comparisons). The command line applies it at start.
     */
    public boolean vectorApi() {
        return vectorApi;
    }

    /** npm's prefix folder ({@code NPM_CONFIG_PREFIX}), whose {@code lib/node_modules} may hold data sets. */
    public Optional<Path> npmPrefix() {
        return Optional.ofNullable(npmPrefix);
    }

    /** A value found for a setting, with the name it was found under ({@code -Dgenzoo.x} or {@code GENZOO_X}). */
    private record Found(String name, String value) {
    }

    private static Optional<Found> find(Key key, Properties properties, Map<String, String> env) {
        String property = properties.getProperty(key.property());
        if (property != null) {
            return Optional.of(new Found("-D" + key.property(), property));
        }
        String fromEnv = env.get(key.env());
        return fromEnv == null ? Optional.empty() : Optional.of(new Found(key.env(), fromEnv));
    }

    private static IllegalArgumentException notUnderstood(Found found, String accepted) {
        return new IllegalArgumentException(found.name() + " must be " + accepted + ", found '" + found.value()
                + "'");
    }

    private static Path parsePath(Found found) {
        String value = found.value().strip();
        if (value.isEmpty()) {
            throw notUnderstood(found, "a non-blank path");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(found.name() + " must be a valid path, found '" + found.value()
                    + "': " + e.getMessage(), e);
        }
    }

    private static boolean parseBoolean(Found found) {
        return switch (found.value().strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            case "0", "false", "no", "off" -> false;
            default -> throw notUnderstood(found, "one of " + BOOLEANS);
        };
    }

    private static int parseNonNegativeInt(Found found) {
        return parseWholeNumber(found, 0, "a whole number (0, 1, 2, ... below 10^9)");
    }

    private static int parsePositiveInt(Found found) {
        return parseWholeNumber(found, 1, "a positive whole number (1, 2, ... below 10^9)");
    }

    /** A whole number of at most nine digits and at least {@code min}. */
    private static int parseWholeNumber(Found found, int min, String accepted) {
        String value = found.value().strip();
        if (value.matches("[0-9]{1,9}") && Integer.parseInt(value) >= min) {
            return Integer.parseInt(value);
        }
        throw notUnderstood(found, accepted);
    }

    /** The values {@link #nativeBuild()} accepts. */
    public static final List<String> NATIVE_BUILDS = List.of("auto", "default", "onednn", "onednn-avx512", "avx2",
            "avx512");

    private static String parseNativeBuild(Found found) {
        String value = found.value().strip().toLowerCase(Locale.ROOT);
        if (NATIVE_BUILDS.contains(value)) {
            return value;
        }
        throw notUnderstood(found, "one of " + String.join("|", NATIVE_BUILDS) + " (case-insensitive)");
    }

    private static <E extends Enum<E>> E parseEnum(Found found, Class<E> type) {
        String value = found.value().strip().toUpperCase(Locale.ROOT);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(value)) {
                return e;
            }
        }
        throw notUnderstood(found, "one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|")) + " (case-insensitive)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Settings s && home.equals(s.home) && offline == s.offline
                && Objects.equals(dataDir, s.dataDir) && logLevel == s.logLevel && debug == s.debug
                && Objects.equals(blasThreads, s.blasThreads) && showMode == s.showMode
                && downloadMinRate == s.downloadMinRate && Objects.equals(npmPrefix, s.npmPrefix)
                && nativeBuild.equals(s.nativeBuild);
    }

    @Override
    public int hashCode() {
        return Objects.hash(home, offline, dataDir, logLevel, debug, blasThreads, showMode, downloadMinRate, npmPrefix,
                nativeBuild);
    }

    @Override
    public String toString() {
        return "Settings[home=" + home + ", offline=" + offline + ", data=" + dataDir + ", log=" + logLevel.id()
                + ", debug=" + debug + ", blasThreads=" + blasThreads + ", show=" + showMode.id()
                + ", downloadMinRate=" + downloadMinRate + ", npmPrefix=" + npmPrefix + ", native=" + nativeBuild + "]";
    }
}
