package dev.genzoo.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Chooses which native build of ND4J a JVM loads, before ND4J loads it. ND4J 1.0.0-M2.1 ships its
 * CPU backend in several builds, one jar each ({@code org.nd4j:nd4j-native:1.0.0-M2.1:<classifier>}):
 * the plain {@code linux-x86_64} (OpenBLAS products, generic x86-64 code) that
 * {@code nd4j-native-platform} brings, and {@code -avx2}, {@code -avx512}, {@code -onednn}
 * (libnd4j built with oneDNN: oneDNN's convolution, batch norm and matrix product kernels) and
 * {@code -onednn-avx512}. Their natives live in separate folders, so several jars can sit on one
 * class path, and JavaCPP loads the one its property {@value #EXTENSION_PROPERTY} names (falling back
 * to the plain build for libraries without that build, such as OpenBLAS).
 *
 * <p>The {@code genzoo} command line applies {@link Settings#nativeBuild()} through
 * {@link #apply}; a library user can call it first thing in {@code main}, or set the property
 * themselves. {@code auto} takes the first of {@link #AUTO_ORDER} that is on the class path and runs
 * on this CPU (docs/benchmarks.md, "ND4J's native builds", has the measurements behind the order).
 */
public final class NativeBuild {

    /** JavaCPP's system property naming the build's suffix (e.g. {@code -onednn}); empty for the plain build. */
    public static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** The builds {@code auto} tries, best first; the plain build where none is usable. */
    public static final List<String> AUTO_ORDER = List.of("onednn");

    /**
     * The build chosen, as the classifier suffix without its dash ({@code "default"} for the plain
     * build), and why.
     */
    public record Choice(String build, String reason) {
        /** The value of {@value #EXTENSION_PROPERTY} for this build. */
        public String extension() {
            return build.equals("default") ? "" : "-" + build;
        }
    }

    private NativeBuild() {
    }

    /**
     * Chooses the build for {@code setting} ({@link Settings#NATIVE_BUILDS}) on this machine and sets
     * {@value #EXTENSION_PROPERTY} to it, unless that property was set already (which then wins).
     * Has effect only before ND4J's backend loads.
     *
     * @throws IllegalArgumentException a build named outright that is not on the class path or does
     *         not run on this CPU, saying which and what to add
     */
    public static Choice apply(String setting) {
        String given = System.getProperty(EXTENSION_PROPERTY);
        if (given != null) {
            String build = given.isEmpty() ? "default" : given.replaceFirst("^-", "");
            return new Choice(build, "-D" + EXTENSION_PROPERTY + "=" + given + " was given");
        }
        Choice c = choose(setting, platform(), NativeBuild::onClassPath, cpuFlags());
        System.setProperty(EXTENSION_PROPERTY, c.extension());
        return c;
    }

    /**
     * The choice for {@code setting} on {@code platform} (JavaCPP's name, e.g. {@code linux-x86_64}),
     * given which builds' natives are on the class path and the CPU's feature flags (as
     * {@code /proc/cpuinfo} names them; empty where unknown).
     */
    static Choice choose(String setting, String platform, Predicate<String> present, Set<String> cpu) {
        String s = setting.strip().toLowerCase(Locale.ROOT);
        if (s.equals("default")) {
            return new Choice("default", "asked for");
        }
        if (s.equals("auto")) {
            for (String b : AUTO_ORDER) {
                if (present.test(platform + "-" + b) && runsOn(b, cpu)) {
                    return new Choice(b, "auto: the fastest measured build on the class path that runs on this CPU");
                }
            }
            return new Choice("default", "auto: none of " + AUTO_ORDER + " is on the class path for " + platform
                    + " and runs on this CPU");
        }
        if (!Settings.NATIVE_BUILDS.contains(s)) {
            throw new IllegalArgumentException("unknown native build '" + setting + "': expected one of "
                    + String.join("|", Settings.NATIVE_BUILDS));
        }
        if (!present.test(platform + "-" + s)) {
            throw new IllegalArgumentException("ND4J's " + platform + "-" + s + " build is not on the class path: add "
                    + "org.nd4j:nd4j-native:1.0.0-M2.1:" + platform + "-" + s + " (or choose another build)");
        }
        if (!runsOn(s, cpu)) {
            throw new IllegalArgumentException("ND4J's " + platform + "-" + s + " build needs CPU features "
                    + required(s) + ", and this CPU lacks " + required(s).stream().filter(f -> !cpu.contains(f))
                            .collect(Collectors.toList()));
        }
        return new Choice(s, "asked for");
    }

    /**
     * The native build of ND4J this JVM runs (loading ND4J's backend if it is not yet loaded):
     * {@code "onednn-"} where libnd4j was built with oneDNN, else {@code "openblas-"}, then the
     * instruction set it was compiled for ({@code generic}, {@code avx2}, {@code avx512}). Model cards
     * record it: a training is bit-reproducible on the same build only.
     */
    public static String loaded() {
        org.nd4j.linalg.factory.Nd4j.getExecutioner(); // NativeOpsHolder reads the backend's properties
        var ops = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps();
        String info = ops.buildInfo();
        String level = switch (ops.binaryLevel()) {
            case 1 -> "generic"; // what ND4J's log calls "Generic x86"
            case 2 -> "avx2";
            case 3 -> "avx512";
            default -> "level " + ops.binaryLevel();
        };
        return (info != null && info.contains("ONEDNN") ? "onednn-" : "openblas-") + level;
    }

    /** The CPU features a build is compiled for (none for the generic and oneDNN builds: oneDNN dispatches at run time). */
    static List<String> required(String build) {
        if (build.endsWith("avx512")) {
            return List.of("avx512f", "avx512bw", "avx512dq", "avx512vl");
        }
        if (build.endsWith("avx2")) {
            return List.of("avx2", "fma");
        }
        return List.of();
    }

    private static boolean runsOn(String build, Set<String> cpu) {
        return cpu.containsAll(required(build));
    }

    /** Whether the natives of ND4J's build {@code platformBuild} (e.g. {@code linux-x86_64-onednn}) are on the class path. */
    static boolean onClassPath(String platformBuild) {
        String lib = System.mapLibraryName("jnind4jcpu");
        return NativeBuild.class.getClassLoader()
                .getResource("org/nd4j/linalg/cpu/nativecpu/bindings/" + platformBuild + "/" + lib) != null;
    }

    /**
     * JavaCPP's platform name for this JVM, e.g. {@code linux-x86_64}, worked out here as JavaCPP
     * does: asking JavaCPP's {@code Loader} would initialise it, and it reads {@value #EXTENSION_PROPERTY}
     * once, then.
     */
    static String platform() {
        return platform(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    static String platform(String osName, String osArch) {
        String n = osName.toLowerCase(Locale.ROOT);
        String os = n.startsWith("linux") ? "linux" : n.startsWith("mac os x") || n.startsWith("darwin") ? "macosx"
                : n.startsWith("windows") ? "windows" : n.replaceAll("\\s+", "");
        String a = osArch.toLowerCase(Locale.ROOT);
        String arch = switch (a) {
            case "amd64", "x86-64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "i386", "i486", "i586", "i686", "x86" -> "x86";
            default -> a;
        };
        return os + "-" + arch;
    }

    /** The CPU's feature flags from {@code /proc/cpuinfo}; empty where there is none (not Linux). */
    static Set<String> cpuFlags() {
        Path info = Path.of("/proc/cpuinfo");
        if (!Files.isReadable(info)) {
            return Set.of();
        }
        try (var lines = Files.lines(info)) {
            return lines.filter(l -> l.startsWith("flags")).findFirst()
                    .map(l -> Set.copyOf(Arrays.asList(l.substring(l.indexOf(':') + 1).trim().split("\\s+"))))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
