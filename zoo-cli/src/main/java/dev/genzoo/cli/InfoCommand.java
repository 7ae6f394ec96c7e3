package dev.genzoo.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genzoo.core.registry.ModelNotFoundException;
import dev.genzoo.core.registry.ModelZoo;
import dev.genzoo.core.registry.ZooEntry;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code genzoo info NAME}: one model's description, default configuration and variants. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show a model's description, default"
        + " configuration and pretrained variants.")
final class InfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Registered model name (see `genzoo list`).")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ZooEntry<?, ?> e = entry(spec, name);
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("name", e.name());
        o.put("family", e.family().name().toLowerCase(Locale.ROOT));
        o.put("description", e.description());
        o.put("reference", e.reference());
        o.putPOJO("tags", e.tags());
        o.set("defaultConfig", defaultConfigJson(e));
        o.putPOJO("variants", e.variants().keySet());
        spec.commandLine().getOut().println(Json.MAPPER.writeValueAsString(o));
        spec.commandLine().getOut().flush();
        return 0;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static com.fasterxml.jackson.databind.JsonNode defaultConfigJson(ZooEntry e) {
        return e.configToJson((Record) e.defaultConfig());
    }

    /** The entry named {@code name}, or a parameter error listing the closest names. */
    static ZooEntry<?, ?> entry(CommandLine.Model.CommandSpec spec, String name) {
        try {
            return ModelZoo.entry(name);
        } catch (ModelNotFoundException ex) {
            throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
        }
    }
}
