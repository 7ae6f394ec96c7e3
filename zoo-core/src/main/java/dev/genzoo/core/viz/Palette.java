package dev.genzoo.core.viz;

import java.awt.Color;

/** Ten distinguishable class colours (the "tab10" palette of matplotlib), cycling beyond ten. */
final class Palette {
    private static final int[] TAB10 = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};

    private Palette() {
    }

    static Color of(int k) {
        return new Color(TAB10[Math.floorMod(k, TAB10.length)]);
    }
}
