package dev.genzoo.engine;

import dev.genzoo.engine.Ops.Kind;
import dev.genzoo.engine.Ops.Shape4;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Java loops. They read and write the native arrays through direct buffers, but only in
 * bulk: element-wise access to a direct buffer is bounds- and scope-checked per element and
 * never vectorised on Java 17 (a JFR profile put a LeakyReLU pass at ~10 ns per element), so
 * every loop works on heap arrays of up to one row or {@link #CHUNK} elements (C2 vectorises
 * those), copied in and out with one bulk transfer each.
 */
final class Kernels {
    static final int CHUNK = 16384;
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[3][CHUNK]);

    private Kernels() {}

    /** A direct buffer on a 'c'-contiguous float array's elements. */
    static FloatBuffer buf(INDArray a) {
        if (!contiguous(a)) {
            throw new IllegalStateException("needs a contiguous 'c'-ordered array, found " + a.shapeInfoToString());
        }
        var ptr = FusedKernels.pointer(a.reshape('c', new long[] {a.length()}));
        long pos = ptr.position();
        return ptr.limit(pos + a.length()).asBuffer();
    }

    /**
     * Whether the elements of {@code a} lie in 'c' order without gaps: every dimension longer than 1
     * has the stride of the dimensions after it. ND4J's own check also compares the strides of
     * dimensions of size 1, which a reshaped or repeated array may carry from elsewhere (a
     * [1, 1, 7, 7] noise image had stride 49 on its first dimension and was refused).
     */
    static boolean contiguous(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    private static float[][] scratch(int len) {
        float[][] s = SCRATCH.get();
        if (s[0].length < len) {
            s = new float[][] {new float[len], new float[len], new float[len]};
            SCRATCH.set(s);
        }
        return s;
    }

    /** out[j][i][r] = in[i][j][r] for in [a][b][r]: block copies of r elements. */
    static void transpose(FloatBuffer in, FloatBuffer out, int a, int b, int r) {
        float[] row = scratch(r)[0];
        for (int i = 0; i < a; i++) {
            for (int j = 0; j < b; j++) {
                in.get((i * b + j) * r, row, 0, r);
                out.put((j * a + i) * r, row, 0, r);
            }
        }
    }

    /** out = max(z, 0) + alpha min(z, 0) (ReLU for alpha 0). */
    static void leaky(FloatBuffer z, FloatBuffer out, long len, float alpha) {
        chunks(len, (from, to) -> {
            float[] h = scratch(CHUNK)[0];
            for (long off = from; off < to; off += CHUNK) {
                int n = (int) Math.min(CHUNK, to - off);
                z.get((int) off, h, 0, n);
                for (int i = 0; i < n; i++) {
                    float v = h[i];
                    h[i] = Math.max(v, 0f) + alpha * Math.min(v, 0f);   // branch-free: vectorised
                }
                out.put((int) off, h, 0, n);
            }
        });
    }

    /** A range [from, to) of a flat array's elements, chunk-aligned. */
    @FunctionalInterface
    interface Span {
        void run(long from, long to);
    }

    /**
     * {@code body} over [0, len): on both threads in two chunk-aligned halves when the array has
     * at least 4 chunks (64k elements: below that the hand-over costs about what it saves).
     */
    static void chunks(long len, Span body) {
        long count = (len + CHUNK - 1) / CHUNK;
        if (count < 4) {
            body.run(0, len);
            return;
        }
        long mid = (count / 2) * (long) CHUNK;
        SideThread.both(() -> body.run(mid, len), () -> body.run(0, mid));
    }

    static void activationBackward(Kind kind, float alpha, FloatBuffer z, FloatBuffer a, FloatBuffer da,
            FloatBuffer dz, long len) {
        chunks(len, (from, to) -> activationBackward(kind, alpha, z, a, da, dz, from, to));
    }

    private static void activationBackward(Kind kind, float alpha, FloatBuffer z, FloatBuffer a, FloatBuffer da,
            FloatBuffer dz, long from, long to) {
        float[][] s = scratch(CHUNK);
        float[] g = s[0];
        float[] v = s[1];
        for (int off = (int) from; off < to; off += CHUNK) {
            int n = (int) Math.min(CHUNK, to - off);
            da.get(off, g, 0, n);
            switch (kind) {
                case IDENTITY -> { }
                case RELU, LRELU -> {
                    z.get(off, v, 0, n);
                    float k = 1 - alpha;
                    for (int i = 0; i < n; i++) {
                        g[i] *= alpha + k * step(v[i]);
                    }
                }
                case TANH -> {
                    a.get(off, v, 0, n);
                    for (int i = 0; i < n; i++) {
                        g[i] = g[i] * (1 - v[i] * v[i]);
                    }
                }
                case SIGMOID -> {
                    a.get(off, v, 0, n);
                    for (int i = 0; i < n; i++) {
                        g[i] = g[i] * v[i] * (1 - v[i]);
                    }
                }
                default -> throw new IllegalStateException(kind.toString());
            }
            dz.put(off, g, 0, n);
        }
    }

    /**
     * 1 for z > 0, else 0, without a branch (random signs made the branchy form 5 ns per
     * element; this one vectorises): exact for every z >= 1e-30 and z <= 0, a fraction only
     * for positive z below 1e-30, where the kink of ReLU makes the derivative moot anyway.
     */
    private static float step(float z) {
        return Math.min(Math.max(z * 1e30f, 0f), 1f);
    }

    static float[] rowSums(FloatBuffer z, int rows, int len) {
        float[] out = new float[rows];
        SideThread.Range body = (r0, r1) -> rowSums(z, len, out, r0, r1);
        if ((long) rows * len >= 4L * CHUNK) {
            SideThread.parallel(rows, body);
        } else {
            body.run(0, rows);
        }
        return out;
    }

    private static void rowSums(FloatBuffer z, int len, float[] out, int from, int to) {
        float[] h = scratch(CHUNK)[0];
        for (int r = from; r < to; r++) {
            double sum = 0;
            for (int off = 0; off < len; off += CHUNK) {
                int n = Math.min(CHUNK, len - off);
                z.get(r * len + off, h, 0, n);
                float part = 0;
                for (int i = 0; i < n; i++) {
                    part += h[i];
                }
                sum += part;
            }
            out[r] = (float) sum;
        }
    }

    static void addRowBias(FloatBuffer z, float[] bias, int rows, int len) {
        SideThread.Range body = (from, to) -> {
            float[] h = scratch(CHUNK)[0];
            for (int r = from; r < to; r++) {
                float v = bias[r];
                for (int off = 0; off < len; off += CHUNK) {
                    int n = Math.min(CHUNK, len - off);
                    z.get(r * len + off, h, 0, n);
                    for (int i = 0; i < n; i++) {
                        h[i] += v;
                    }
                    z.put(r * len + off, h, 0, n);
                }
            }
        };
        if ((long) rows * len >= 4L * CHUNK) {
            SideThread.parallel(rows, body);
        } else {
            body.run(0, rows);
        }
    }

    /**
     * cols[(c·kh + ky)·kw + kx][(n·oh + oy)·ow + ox] = img[c][n][oy·s − p + ky][ox·sw − pw + kx]
     * (0 outside the image), for a channel-major image of shape {@code img} and a patch grid oh × ow.
     * One channel of the image and one row of cols at a time on the heap.
     */
    static void im2col(FloatBuffer img, Shape4 is, int oh, int ow, int kh, int kw, int s, int sw, int p, int pw,
            FloatBuffer cols) {
        im2col(img, is, 0, is.n(), oh, ow, kh, kw, s, sw, p, pw, cols);
    }

    /**
     * {@link #im2col} of images [n0, n1) only: cols has (n1 − n0)·oh·ow columns, the first of them
     * image n0's first patch. A convolution whose whole patch matrix would be large unfolds its batch
     * a slice at a time into one reused buffer.
     */
    static void im2col(FloatBuffer img, Shape4 is, int n0, int n1, int oh, int ow, int kh, int kw, int s, int sw,
            int p, int pw, FloatBuffer cols) {
        checkImages(is, n0, n1);
        int n = n1 - n0;
        int h = is.h();
        int w = is.w();
        int np = n * oh * ow;
        int plane = n * h * w;
        int fullPlane = is.n() * h * w;
        int skip = n0 * h * w;
        // one row of cols per (channel, ky, kx), split over both threads by rows: a convolution of a
        // one-channel image (the first layer) has 25 rows to share where it has one channel
        SideThread.parallel(is.c() * kh * kw, (from, to) -> {
            float[][] sc = scratch(Math.max(plane, np));
            float[] image = sc[0];
            float[] row = sc[1];
            int loaded = -1;
            for (int r = from; r < to; r++) {
                int c = r / (kh * kw);
                int ky = (r / kw) % kh;
                int kx = r % kw;
                if (c != loaded) {
                    img.get(c * fullPlane + skip, image, 0, plane);
                    loaded = c;
                }
                int lo = firstInside(kx, pw, sw, w, ow);
                int hi = endInside(kx, pw, sw, w, ow);
                for (int b = 0; b < n; b++) {
                    int imgBase = b * h * w;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * s - p + ky;
                        int dst = (b * oh + oy) * ow;
                        if (iy < 0 || iy >= h) {
                            java.util.Arrays.fill(row, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = imgBase + iy * w - pw + kx;
                        for (int ox = 0; ox < lo; ox++) {
                            row[dst + ox] = 0f;
                        }
                        if (sw == 1) {
                            // unit stride (3x3 "same" convolutions, transposed ones' col2im partner): one bulk copy
                            System.arraycopy(image, src + lo, row, dst + lo, hi - lo);
                        } else {
                            for (int ox = lo; ox < hi; ox++) {
                                row[dst + ox] = image[src + ox * sw];
                            }
                        }
                        for (int ox = hi; ox < ow; ox++) {
                            row[dst + ox] = 0f;
                        }
                    }
                }
                cols.put(r * np, row, 0, np);
            }
        });
    }

    /** The first patch column ox whose pixel ox·sw − pw + kx lies inside [0, w) (ow if none). */
    static int firstInside(int kx, int pw, int sw, int w, int ow) {
        int ox = 0;
        while (ox < ow && ox * sw - pw + kx < 0) {
            ox++;
        }
        return ox;
    }

    /** One past the last patch column whose pixel lies inside [0, w) (at least firstInside). */
    static int endInside(int kx, int pw, int sw, int w, int ow) {
        int ox = ow;
        while (ox > 0 && (ox - 1) * sw - pw + kx >= w) {
            ox--;
        }
        return Math.max(ox, firstInside(kx, pw, sw, w, ow));
    }

    /** The adjoint of {@link #im2col}: img = 0, then img[...] += cols[...] for every in-image entry. */
    static void col2im(FloatBuffer cols, Shape4 is, int oh, int ow, int kh, int kw, int s, int sw, int p, int pw,
            FloatBuffer img) {
        col2im(cols, is, 0, is.n(), oh, ow, kh, kw, s, sw, p, pw, img);
    }

    /**
     * {@link #col2im} of images [n0, n1) only: cols holds their (n1 − n0)·oh·ow patch columns, and
     * only those images of img are written (set, not added to).
     */
    static void col2im(FloatBuffer cols, Shape4 is, int n0, int n1, int oh, int ow, int kh, int kw, int s, int sw,
            int p, int pw, FloatBuffer img) {
        checkImages(is, n0, n1);
        int n = n1 - n0;
        int h = is.h();
        int w = is.w();
        int np = n * oh * ow;
        int plane = n * h * w;
        int fullPlane = is.n() * h * w;
        int skip = n0 * h * w;
        SideThread.parallel(is.c(), (from, to) -> {
            float[][] sc = scratch(Math.max(plane, np));
            float[] image = sc[0];
            float[] row = sc[1];
            for (int c = from; c < to; c++) {
                java.util.Arrays.fill(image, 0, plane, 0f);
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int lo = firstInside(kx, pw, sw, w, ow);
                        int hi = endInside(kx, pw, sw, w, ow);
                        cols.get(((c * kh + ky) * kw + kx) * np, row, 0, np);
                        for (int b = 0; b < n; b++) {
                            int imgBase = b * h * w;
                            for (int oy = 0; oy < oh; oy++) {
                                int iy = oy * s - p + ky;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                int src = (b * oh + oy) * ow;
                                int dst = imgBase + iy * w - pw + kx;
                                if (sw == 1) {
                                    // unit stride: a loop the JIT vectorises
                                    for (int ox = lo; ox < hi; ox++) {
                                        image[dst + ox] += row[src + ox];
                                    }
                                } else {
                                    for (int ox = lo; ox < hi; ox++) {
                                        image[dst + ox * sw] += row[src + ox];
                                    }
                                }
                            }
                        }
                    }
                }
                img.put(c * fullPlane + skip, image, 0, plane);
            }
        });
    }

    private static void checkImages(Shape4 is, int n0, int n1) {
        if (n0 < 0 || n1 > is.n() || n0 >= n1) {
            throw new IllegalArgumentException("images [" + n0 + ", " + n1 + ") of a batch of " + is.n());
        }
    }

    /**
     * dst[r][offset + j] = src[r][j] for rows r of a [rows, cnt] source and a [rows, total]
     * destination, both 'c'-ordered: one slice of columns written back after a product over it.
     */
    static void putColumns(FloatBuffer src, FloatBuffer dst, int rows, int cnt, long total, long offset) {
        for (int r = 0; r < rows; r++) {
            dst.put((int) (r * total + offset), src, r * cnt, cnt);
        }
    }

    /**
     * y = (x - mean[c]) * scale[c] + shift[c] over contiguous rows of m values, one row per channel
     * (batch norm at inference, in DL4J's order).
     */
    static void normalizeRows(FloatBuffer x, FloatBuffer y, int channels, int m, float[] mean, float[] scale,
            float[] shift) {
        SideThread.parallel(channels, (from, to) -> {
            float[] v = scratch(m)[0];
            for (int c = from; c < to; c++) {
                int base = c * m;
                x.get(base, v, 0, m);
                float mu = mean[c];
                float a = scale[c];
                float b = shift[c];
                for (int i = 0; i < m; i++) {
                    v[i] = (v[i] - mu) * a + b;
                }
                y.put(base, v, 0, m);
            }
        });
    }

    /** Batch norm over contiguous rows (channel-major images: one row of m values per channel). */
    static void bnForwardRows(FloatBuffer x, FloatBuffer xHat, FloatBuffer y, int channels, int m, float[] gamma,
            float[] beta, float eps, float[] mean, float[] var, float[] std) {
        SideThread.parallel(channels, (from, to) -> {
            float[][] sc = scratch(m);
            float[] v = sc[0];
            float[] o = sc[1];
            for (int c = from; c < to; c++) {
                int base = c * m;
                x.get(base, v, 0, m);
                double sum = 0;
                for (int i = 0; i < m; i++) {
                    sum += v[i];
                }
                double mu = sum / m;
                double sq = 0;
                for (int i = 0; i < m; i++) {
                    double d = v[i] - mu;
                    sq += d * d;
                }
                mean[c] = (float) mu;
                var[c] = (float) (sq / m);
                std[c] = (float) Math.sqrt(var[c] + eps);
                float fm = mean[c];
                float inv = 1f / std[c];
                float g = gamma[c];
                float b = beta[c];
                for (int i = 0; i < m; i++) {
                    float hh = (v[i] - fm) * inv;
                    v[i] = hh;
                    o[i] = g * hh + b;
                }
                xHat.put(base, v, 0, m);
                y.put(base, o, 0, m);
            }
        });
    }

    /** Batch norm per column of a row-major [n, f] array. */
    static void bnForwardCols(FloatBuffer x, FloatBuffer xHat, FloatBuffer y, int n, int f, float[] gamma,
            float[] beta, float eps, float[] mean, float[] var, float[] std) {
        float[][] sc = scratch(f);
        float[] v = sc[0];
        float[] o = sc[1];
        double[] sum = new double[f];
        for (int r = 0; r < n; r++) {
            x.get(r * f, v, 0, f);
            for (int j = 0; j < f; j++) {
                sum[j] += v[j];
            }
        }
        double[] sq = new double[f];
        for (int r = 0; r < n; r++) {
            x.get(r * f, v, 0, f);
            for (int j = 0; j < f; j++) {
                double d = v[j] - sum[j] / n;
                sq[j] += d * d;
            }
        }
        float[] inv = new float[f];
        for (int j = 0; j < f; j++) {
            mean[j] = (float) (sum[j] / n);
            var[j] = (float) (sq[j] / n);
            std[j] = (float) Math.sqrt(var[j] + eps);
            inv[j] = 1f / std[j];
        }
        for (int r = 0; r < n; r++) {
            x.get(r * f, v, 0, f);
            for (int j = 0; j < f; j++) {
                float hh = (v[j] - mean[j]) * inv[j];
                v[j] = hh;
                o[j] = gamma[j] * hh + beta[j];
            }
            xHat.put(r * f, v, 0, f);
            y.put(r * f, o, 0, f);
        }
    }

    /**
     * dγ = Σ dy x̂, dβ = Σ dy, dx = (γ/σ)(dy − mean(dy) − x̂ mean(dy x̂)) per row (DL4J's
     * formula with Σ(x − μ) = 0 used).
     */
    static void bnBackwardRows(FloatBuffer dy, FloatBuffer xHat, FloatBuffer dx, int channels, int m,
            float[] gamma, float[] std, float[] dGamma, float[] dBeta, boolean needInput) {
        SideThread.parallel(channels, (from, to) -> {
            float[][] sc = scratch(m);
            float[] g = sc[0];
            float[] hh = sc[1];
            for (int c = from; c < to; c++) {
                int base = c * m;
                dy.get(base, g, 0, m);
                xHat.get(base, hh, 0, m);
                double sb = 0;
                double sg = 0;
                for (int i = 0; i < m; i++) {
                    sb += g[i];
                    sg += g[i] * hh[i];
                }
                dBeta[c] = (float) sb;
                dGamma[c] = (float) sg;
                if (needInput) {
                    float scale = gamma[c] / std[c];
                    float mb = (float) (sb / m);
                    float mg = (float) (sg / m);
                    for (int i = 0; i < m; i++) {
                        g[i] = scale * (g[i] - mb - hh[i] * mg);
                    }
                    dx.put(base, g, 0, m);
                }
            }
        });
    }

    /** {@link #bnBackwardRows} per column of a row-major [n, f] array. */
    static void bnBackwardCols(FloatBuffer dy, FloatBuffer xHat, FloatBuffer dx, int n, int f, float[] gamma,
            float[] std, float[] dGamma, float[] dBeta, boolean needInput) {
        float[][] sc = scratch(f);
        float[] g = sc[0];
        float[] hh = sc[1];
        double[] sb = new double[f];
        double[] sg = new double[f];
        for (int r = 0; r < n; r++) {
            dy.get(r * f, g, 0, f);
            xHat.get(r * f, hh, 0, f);
            for (int j = 0; j < f; j++) {
                sb[j] += g[j];
                sg[j] += g[j] * hh[j];
            }
        }
        float[] scale = new float[f];
        float[] mb = new float[f];
        float[] mg = new float[f];
        for (int j = 0; j < f; j++) {
            dBeta[j] = (float) sb[j];
            dGamma[j] = (float) sg[j];
            scale[j] = gamma[j] / std[j];
            mb[j] = (float) (sb[j] / n);
            mg[j] = (float) (sg[j] / n);
        }
        if (!needInput) {
            return;
        }
        for (int r = 0; r < n; r++) {
            dy.get(r * f, g, 0, f);
            xHat.get(r * f, hh, 0, f);
            for (int j = 0; j < f; j++) {
                g[j] = scale[j] * (g[j] - mb[j] - hh[j] * mg[j]);
            }
            dx.put(r * f, g, 0, f);
        }
    }
}
