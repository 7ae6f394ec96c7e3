package dev.genzoo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeBuild}'s choice from the setting, the builds on the class path and the CPU's flags
 * (given here, so that the rules are checked whatever this machine has); which build then loads,
 * and that it trains alike, is for the command line's own test.
 */
class NativeBuildTest {

    private static final Set<String> AVX512 = Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl");
    private static final Set<String> AVX2 = Set.of("avx2", "fma");

    @Test
    void autoTakesTheMeasuredBuildWhereItIsThereElseThePlainOne() {
        var c = NativeBuild.choose("auto", "linux-x86_64", b -> b.equals("linux-x86_64-onednn"), AVX2);
        assertEquals("onednn", c.build());
        assertEquals("-onednn", c.extension());
        var none = NativeBuild.choose("auto", "linux-x86_64", b -> false, AVX512);
        assertEquals("default", none.build());
        assertEquals("", none.extension());
        assertTrue(none.reason().contains("linux-x86_64"), none.reason());
        // another platform's natives do not count
        assertEquals("default", NativeBuild.choose("auto", "macosx-x86_64", b -> b.equals("linux-x86_64-onednn"),
                AVX2).build());
    }

    @Test
    void aBuildNamedOutrightMustBeThereAndRunOnThisCpu() {
        assertEquals("default", NativeBuild.choose("default", "linux-x86_64", b -> true, Set.of()).build());
        assertEquals("avx512", NativeBuild.choose("AVX512", "linux-x86_64", b -> true, AVX512).build());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> NativeBuild.choose("onednn", "linux-x86_64", b -> false, AVX512));
        assertTrue(missing.getMessage().contains("org.nd4j:nd4j-native:1.0.0-M2.1:linux-x86_64-onednn"),
                missing.getMessage());
        var cpu = assertThrows(IllegalArgumentException.class,
                () -> NativeBuild.choose("onednn-avx512", "linux-x86_64", b -> true, AVX2));
        assertTrue(cpu.getMessage().contains("avx512f") && cpu.getMessage().contains("lacks"), cpu.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> NativeBuild.choose("cuda", "linux-x86_64", b -> true, AVX512));
        assertTrue(unknown.getMessage().contains("'cuda'"), unknown.getMessage());
    }

    @Test
    void platformNamesAreJavaCpps() {
        assertEquals("linux-x86_64", NativeBuild.platform("Linux", "amd64"));
        assertEquals("macosx-arm64", NativeBuild.platform("Mac OS X", "aarch64"));
        assertEquals("windows-x86_64", NativeBuild.platform("Windows 11", "amd64"));
        assertEquals("linux-x86", NativeBuild.platform("Linux", "i686"));
    }
}
