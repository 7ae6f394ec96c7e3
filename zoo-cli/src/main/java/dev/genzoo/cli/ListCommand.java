package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.model.Family;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code genzoo list}: every registered model. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the models of the zoo.")
final class ListCommand implements Callable<Integer> {
    @Option(names = "--family", description = "Only this family: ${COMPLETION-CANDIDATES}")
    Family family;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<ZooEntry<?, ?>> entries = (family == null ? ModelZoo.list() : ModelZoo.list(family)).stream()
                .filter(e -> !e.tags().contains("test")).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode arr = Json.MAPPER.createArrayNode();
            for (ZooEntry<?, ?> e : entries) {
                ObjectNode o = arr.addObject();
                o.put("name", e.name());
                o.put("family", e.family().name().toLowerCase(Locale.ROOT));
                o.put("description", e.description());
                o.putPOJO("tags", e.tags());
                o.putPOJO("variants", e.variants().keySet());
            }
            out.println(Json.MAPPER.writeValueAsString(arr));
        } else {
            int width = entries.stream().mapToInt(e -> e.name().length()).max().orElse(4) + 2;
            String row = "%-" + width + "s %-12s %-22s %s%n";
            out.printf(row, "NAME", "FAMILY", "PRETRAINED", "DESCRIPTION");
            for (ZooEntry<?, ?> e : entries) {
                out.printf(row, e.name(), e.family().name().toLowerCase(Locale.ROOT),
                        e.variants().isEmpty() ? "-" : String.join(",", e.variants().keySet()), e.description());
            }
        }
        out.flush();
        return 0;
    }
}
