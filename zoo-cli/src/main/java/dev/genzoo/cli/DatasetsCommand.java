package dev.genzoo.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.data.DatasetId;
import dev.genzoo.core.data.DatasetLocator;
import dev.genzoo.core.data.Datasets;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code genzoo datasets list|fetch}: where the data sets are and whether they verify. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = "List, verify and fetch the image data sets (MNIST, Fashion-MNIST).",
        subcommands = {DatasetsCommand.ListCmd.class, DatasetsCommand.FetchCmd.class})
final class DatasetsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Where each data set was found and whether its four files match the published SHA-256.")
    static final class ListCmd implements Callable<Integer> {
        @Option(names = "--json", description = "Print a JSON array instead of a table.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            DatasetLocator locator = DatasetLocator.defaults();
            List<Datasets.Status> all = java.util.Arrays.stream(DatasetId.values())
                    .map(id -> Datasets.status(id, locator)).toList();
            if (json) {
                ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                ArrayNode arr = m.createArrayNode();
                for (Datasets.Status s : all) {
                    ObjectNode o = arr.addObject();
                    o.put("name", s.dataset().id());
                    o.put("title", s.dataset().title());
                    o.put("licence", s.dataset().licence());
                    o.put("found", s.location().isPresent());
                    o.put("location", s.location().map(l -> l.dir().toString()).orElse(null));
                    o.put("source", s.location().map(l -> l.source().name().toLowerCase()).orElse(null));
                    o.put("verified", s.verified());
                    o.put("bundledSubset", Datasets.BUNDLED_SIZE);
                    ArrayNode files = o.putArray("files");
                    for (Datasets.FileCheck f : s.files()) {
                        ObjectNode fo = files.addObject();
                        fo.put("file", f.file());
                        fo.put("path", f.path().toString());
                        fo.put("sha256", f.sha256());
                        fo.put("verified", f.ok());
                        if (f.error() != null) {
                            fo.put("error", f.error());
                        }
                    }
                }
                out.println(m.writeValueAsString(arr));
            } else {
                out.printf("%-14s %-9s %-15s %s%n", "NAME", "VERIFIED", "SOURCE", "LOCATION");
                for (Datasets.Status s : all) {
                    out.printf("%-14s %-9s %-15s %s%n", s.dataset().id(), s.verified() ? "yes" : "no",
                            s.location().map(l -> l.source().name().toLowerCase()).orElse("-"),
                            s.location().map(l -> l.dir().toString())
                                    .orElse("not installed (bundled " + Datasets.BUNDLED_SIZE + "-image subset only)"));
                    for (Datasets.FileCheck f : s.files()) {
                        if (!f.ok()) {
                            out.printf("  %s: %s%n", f.path(), f.error());
                        }
                    }
                }
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download a data set into the cache (verified), unless it is already installed.")
    static final class FetchCmd implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "NAME", description = "mnist, fashion-mnist")
        List<String> names;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            List<DatasetId> ids = new java.util.ArrayList<>();
            for (String n : names) {
                try {
                    ids.add(DatasetId.of(n));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "NAME: " + e.getMessage());
                }
            }
            for (DatasetId id : ids) {
                DatasetLocator.Location loc = DatasetLocator.defaults().locate(id);
                out.printf("%s: %s (%s)%n", id, loc.dir(), loc.source().name().toLowerCase());
            }
            out.flush();
            return 0;
        }
    }
}
