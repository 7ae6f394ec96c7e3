package dev.genzoo.core.data;

import java.util.SplittableRandom;

/** The one seeded shuffle (Fisher-Yates from the end) behind every data order in the zoo. */
public final class Shuffle {
    private Shuffle() {
    }

    /** Shuffles {@code a} in place with draws from {@code rng}. */
    public static void inPlace(int[] a, SplittableRandom rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** 0..n-1 shuffled with a generator seeded by {@code seed}. */
    public static int[] permutation(int n, long seed) {
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        inPlace(o, new SplittableRandom(seed));
        return o;
    }
}
