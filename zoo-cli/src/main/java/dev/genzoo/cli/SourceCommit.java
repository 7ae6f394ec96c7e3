package dev.genzoo.cli;

import java.util.concurrent.TimeUnit;

/** The git commit of the working directory, for model cards; null when unknown. */
final class SourceCommit {
    private SourceCommit() {
    }

    static String get() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 && out.matches("[0-9a-f]{40}")) {
                return out;
            }
        } catch (Exception e) {
            // not a git checkout, or no git: the card says so by leaving the commit out
        }
        return null;
    }
}
