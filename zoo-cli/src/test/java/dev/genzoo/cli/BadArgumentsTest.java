package dev.genzoo.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's contract, over every subcommand: each kind of bad argument it takes (unknown
 * model, unknown variant, bad numbers, bad paths) exits 2 with one line naming the argument, no
 * stack trace, and nothing written.
 */
class BadArgumentsTest {
    @TempDir
    static Path tmp;
    static Path aFile;
    static byte[] aFileContent = "not a folder".getBytes(StandardCharsets.UTF_8);

    @BeforeAll
    static void files() throws IOException {
        aFile = Files.write(tmp.resolve("a-file.txt"), aFileContent);
    }

    /** A fresh output path for one case; it must not exist after the command. */
    static String out(String name) {
        return tmp.resolve("outs").resolve(name).toString();
    }

    static String underFile() {
        return aFile.resolve("x.png").toString();
    }

    static Arguments bad(String argument, String... args) {
        return Arguments.of(String.join(" ", args), argument, args);
    }

    static Stream<Arguments> cases() {
        List<Arguments> c = new ArrayList<>();
        // train
        c.add(bad("nope", "train", "nope", "--bundled", "--out", out("t1")));
        c.add(bad("--epochs", "train", "autoencoder", "--bundled", "--epochs", "0", "--out", out("t2")));
        c.add(bad("--batch", "train", "autoencoder", "--bundled", "--batch", "0", "--out", out("t3")));
        c.add(bad("--limit", "train", "autoencoder", "--bundled", "--limit", "-1", "--out", out("t4")));
        c.add(bad("--epochs", "train", "autoencoder", "--bundled", "--epochs", "ten", "--out", out("t5")));
        c.add(bad("--dataset", "train", "autoencoder", "--dataset", "cifar", "--out", out("t6")));
        c.add(bad("--only-class", "train", "autoencoder", "--bundled", "--only-class", "10", "--out", out("t7")));
        c.add(bad("codeSize", "train", "autoencoder", "--bundled", "--set", "codeSize=1.5", "--out", out("t8")));
        c.add(bad("penalty", "train", "autoencoder", "--bundled", "--set", "penalty=0.1", "--out", out("t8b")));
        c.add(bad("hidden", "train", "autoencoder", "--bundled", "--set", "hidden=64,x", "--out", out("t8c")));
        c.add(bad("--out", "train", "autoencoder", "--bundled", "--out", aFile.toString()));
        c.add(bad("--out", "train", "autoencoder", "--bundled", "--out", underFile()));
        c.add(bad("--resume", "train", "autoencoder", "--bundled", "--resume", tmp.resolve("no-run").toString(),
                "--out", out("t9")));
        c.add(bad("--checkpoint-dir", "train", "autoencoder", "--bundled", "--checkpoint-dir", underFile(), "--out",
                out("t10")));
        c.add(bad("--metrics-log", "train", "autoencoder", "--bundled", "--metrics-log", underFile(), "--out",
                out("t11")));
        c.add(bad("--keep-checkpoints", "train", "autoencoder", "--bundled", "--keep-checkpoints", "0", "--out",
                out("t12")));
        // sample
        c.add(bad("nope", "sample", "nope:mnist", "--out", out("s1.png")));
        c.add(bad("nope", "sample", "vae-mlp:nope", "--out", out("s2.png")));
        c.add(bad("MODEL", "sample", "no-such-folder", "--out", out("s3.png")));
        c.add(bad("--count", "sample", "vae-mlp:mnist", "-n", "0", "--out", out("s4.png")));
        c.add(bad("--steps", "sample", "rbm:mnist", "--steps", "0", "--out", out("s5.png")));
        c.add(bad("--label", "sample", "cvae-mlp:mnist", "--label", "10", "--out", out("s6.png")));
        c.add(bad("--out", "sample", "vae-mlp:mnist", "--out", underFile()));
        c.add(bad("--out", "sample", "vae-mlp:mnist", "--out", tmp.toString()));
        c.add(bad("not a GAN", "sample", "vae-mlp:mnist", "--truncation", "0.7", "--out", out("s7.png")));
        c.add(bad("--truncation", "sample", "dcgan:mnist", "--truncation", "1.5", "--out", out("s8.png")));
        // evaluate
        c.add(bad("nope", "evaluate", "nope:mnist", "--bundled"));
        c.add(bad("nope", "evaluate", "autoencoder:nope", "--bundled"));
        c.add(bad("--dataset", "evaluate", "autoencoder:mnist", "--dataset", "cifar"));
        c.add(bad("--only-class", "evaluate", "autoencoder:mnist", "--bundled", "--only-class", "-1"));
        c.add(bad("--is-samples", "evaluate", "vae-mlp:mnist", "--bundled", "--is-samples", "-1"));
        c.add(bad("--is-images", "evaluate", "vae-mlp:mnist", "--bundled", "--is-samples", "5", "--is-images", "0"));
        c.add(bad("--samples", "evaluate", "vae-mlp:mnist", "--bundled", "--samples", "0", "--classifier",
                "classifier-mnist:mnist"));
        c.add(bad("--classifier", "evaluate", "vae-mlp:mnist", "--bundled", "--classifier", "nope:mnist"));
        c.add(bad("--truncation", "evaluate", "dcgan:mnist", "--bundled", "--truncation", "0.7"));
        c.add(bad("--truncation", "evaluate", "dcgan:mnist", "--bundled", "--truncation", "0", "--classifier",
                "classifier-mnist:mnist"));
        c.add(bad("not a GAN", "evaluate", "vae-mlp:mnist", "--bundled", "--truncation", "0.7", "--classifier",
                "classifier-mnist:mnist", "--samples", "10"));
        // reconstruct, denoise
        c.add(bad("nope", "reconstruct", "nope:mnist", "--bundled", "--out", out("r1.png")));
        c.add(bad("nope", "reconstruct", "autoencoder:nope", "--bundled", "--out", out("r2.png")));
        c.add(bad("--count", "reconstruct", "autoencoder:mnist", "--bundled", "-n", "0", "--out", out("r3.png")));
        c.add(bad("--dataset", "reconstruct", "autoencoder:mnist", "--dataset", "cifar", "--out", out("r4.png")));
        c.add(bad("--out", "reconstruct", "autoencoder:mnist", "--bundled", "--out", underFile()));
        c.add(bad("nope", "denoise", "nope:mnist", "--bundled", "--out", out("d1.png")));
        c.add(bad("--noise", "denoise", "denoising-ae:mnist", "--bundled", "--noise", "blur:2", "--out", out("d2.png")));
        c.add(bad("--out", "denoise", "denoising-ae:mnist", "--bundled", "--out", underFile()));
        // interpolate
        c.add(bad("nope", "interpolate", "autoencoder:nope", "--bundled", "--out", out("i1.png")));
        c.add(bad("--steps", "interpolate", "autoencoder:mnist", "--bundled", "--steps", "1", "--out", out("i2.png")));
        c.add(bad("--from", "interpolate", "autoencoder:mnist", "--bundled", "--from", "-1", "--out", out("i3.png")));
        c.add(bad("--out", "interpolate", "autoencoder:mnist", "--bundled", "--out", underFile()));
        // anomaly
        c.add(bad("nope", "anomaly", "nope:mnist", "--bundled", "--normal-class", "0"));
        c.add(bad("--normal-class", "anomaly", "autoencoder:mnist", "--bundled", "--normal-class", "10"));
        c.add(bad("--dataset", "anomaly", "autoencoder:mnist", "--dataset", "cifar", "--normal-class", "0"));
        // translate
        c.add(bad("nope", "mix", "stylegan:nope", "--rows", "1", "--cols", "2", "--out", out("mx1.png")));
        c.add(bad("--from-layer", "mix", "stylegan:mnist", "--rows", "1", "--cols", "2", "--from-layer", "-1", "--out",
                out("mx2.png")));
        c.add(bad("--cols", "mix", "stylegan:mnist", "--rows", "1", "--out", out("mx3.png")));
        c.add(bad("--out", "mix", "stylegan:mnist", "--rows", "1", "--cols", "2", "--out", underFile()));
        c.add(bad("nope", "translate", "cyclegan:nope", "--bundled", "--out", out("tr1.png")));
        c.add(bad("--direction", "translate", "cyclegan:mnist-inverted", "--bundled", "--direction", "up", "--out",
                out("tr2.png")));
        c.add(bad("--count", "translate", "cyclegan:mnist-inverted", "--bundled", "-n", "0", "--out", out("tr3.png")));
        c.add(bad("--dataset", "translate", "cyclegan:mnist-inverted", "--dataset", "cifar", "--out", out("tr4.png")));
        c.add(bad("--out", "translate", "cyclegan:mnist-inverted", "--bundled", "--out", underFile()));
        c.add(bad("translate", "translate", "autoencoder:mnist", "--bundled", "--out", out("tr5.png")));
        c.add(bad("--data", "translate", "cyclegan:mnist-inverted", "--data", "images:" + tmp, "--out", out("tr6.png")));
        // own images (--data)
        c.add(bad("--data", "train", "autoencoder", "--data", "tables:x.csv", "--out", out("od1")));
        c.add(bad("--data", "evaluate", "autoencoder:mnist", "--data", "images:" + tmp, "--bundled"));
        c.add(bad("size", "reconstruct", "autoencoder:mnist", "--data", "images:" + tmp + ",size=0x28", "--out",
                out("od2.png")));
        // encode
        c.add(bad("nope", "encode", "nope:mnist", "--bundled", "--out", out("e1.csv")));
        c.add(bad("--split", "encode", "autoencoder:mnist", "--bundled", "--split", "val", "--out", out("e2.csv")));
        c.add(bad("--out", "encode", "autoencoder:mnist", "--bundled", "--out", underFile()));
        // curves
        c.add(bad("LOG", "curves", tmp.resolve("no-metrics.jsonl").toString(), "--metric", "d_loss", "--out",
                out("cv1.png")));
        c.add(bad("--out", "curves", aFile.toString(), "--metric", "d_loss"));
        // compact: no such artifact, a file as --out
        c.add(bad("ARTIFACT", "compact", tmp.resolve("no-artifact").toString(), "--out", out("cp1")));
        c.add(bad("--out", "compact", tmp.toString(), "--out", aFile.toString()));
        // info, list, datasets, zoo-table
        c.add(bad("nope", "info", "nope"));
        c.add(bad("--family", "list", "--family", "bogus"));
        c.add(bad("cifar", "datasets", "fetch", "cifar"));
        c.add(bad("--check", "zoo-table", "--check", tmp.toString()));
        // gallery: a file as --out, and --out missing
        c.add(bad("--out", "gallery", "--out", aFile.toString()));
        c.add(bad("--out", "gallery"));
        // demo, bench, retrain
        c.add(bad("--out", "demo", "--out", aFile.toString()));
        c.add(bad("--epochs", "demo", "--epochs", "0", "--out", out("demo")));
        c.add(bad("WORKLOAD", "bench", "bogus"));
        c.add(bad("--epochs", "bench", "mlp-ae", "--bundled", "--epochs", "0"));
        c.add(bad("nope", "retrain", "nope:mnist", "--out", out("rt1")));
        // spark-score and train on Spark: this class path has no Spark, and bad numbers are named first
        c.add(bad("SPARK_HOME", "spark-score", "autoencoder:mnist", "--data", "csv:rows.csv", "--out", out("ss1")));
        c.add(bad("--output", "spark-score", "autoencoder:mnist", "--data", "csv:rows.csv", "--output", "probability",
                "--out", out("ss2")));
        c.add(bad("--batch", "spark-score", "autoencoder:mnist", "--data", "csv:rows.csv", "--batch", "0", "--out",
                out("ss3")));
        c.add(bad("--out", "spark-score", "autoencoder:mnist", "--data", "csv:rows.csv", "--out", aFile.toString()));
        c.add(bad("--spark-master", "train", "autoencoder", "--bundled", "--spark-master", "local[2]", "--out",
                out("ts1")));
        c.add(bad("--spark-partitions", "train", "autoencoder", "--bundled", "--spark-master", "local[2]",
                "--spark-partitions", "0", "--out", out("ts2")));
        c.add(bad("--checkpoint-every", "train", "autoencoder", "--bundled", "--spark-master", "local[2]",
                "--checkpoint-every", "5", "--out", out("ts3")));
        c.add(bad("--out", "retrain", "autoencoder:mnist", "--out", aFile.toString()));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aBadArgumentExitsTwoWithOneLineNamingItAndWritesNothing(String line, String argument, String[] args)
            throws IOException {
        CliTestSupport.Result r = CliTestSupport.run(args);
        assertEquals(2, r.exit(), line + "\nstdout: " + r.out() + "\nstderr: " + r.err());
        String err = r.err().strip();
        assertFalse(err.isEmpty(), line);
        assertFalse(err.contains("\n"), line + ": more than one line:\n" + err);
        assertTrue(err.contains(argument), line + ": does not name " + argument + ": " + err);
        assertFalse(err.contains("\tat ") || err.matches("(?s).*\\b[a-z]+(\\.[a-z]+)+\\.[A-Z]\\w*Exception.*"),
                line + ": stack trace or exception class: " + err);
        try (Stream<Path> written = Files.exists(tmp.resolve("outs")) ? Files.list(tmp.resolve("outs"))
                : Stream.empty()) {
            assertEquals(List.of(), written.toList(), line + " wrote output");
        }
        assertArrayEquals(aFileContent, Files.readAllBytes(aFile), line + " changed " + aFile);
    }

    /** The cases cover every subcommand. */
    @Test
    void everySubcommandIsCovered() {
        Set<String> covered = new TreeSet<>();
        cases().forEach(a -> covered.add(((String[]) a.get()[2])[0]));
        Set<String> all = new TreeSet<>(GenZooCli.commandLine().getSubcommands().keySet());
        all.remove("help");
        assertEquals(all, covered);
    }
}
