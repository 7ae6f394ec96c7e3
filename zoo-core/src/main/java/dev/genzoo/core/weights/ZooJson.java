package dev.genzoo.core.weights;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The zoo's JSON mapping (Jackson): model cards and configuration records. Unknown properties
 * are ignored so that cards and configs can gain optional fields without a format change; a
 * fractional number for an integer field is refused, never truncated.
 */
public final class ZooJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            // codeSize=1.5 is a mistake to report, not 1 to train
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
            .configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true);

    private ZooJson() {
    }

    /**
     * A JSON tree of {@code value}, e.g. a config record, in the form parsing gives: written and
     * read back, so that a tree built in memory equals the same tree read from a file (a
     * {@code long} 1 and a parsed 1 are different node types otherwise).
     */
    public static JsonNode toTree(Object value) {
        try {
            return MAPPER.readTree(MAPPER.writeValueAsBytes(value));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot convert " + value.getClass().getSimpleName() + " to JSON", e);
        }
    }

    /** Binds a JSON tree to {@code type}, e.g. a config record. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) throws IOException {
        return MAPPER.treeToValue(tree, type);
    }

    /** Parses JSON bytes to a tree. */
    public static JsonNode readTree(byte[] json) throws IOException {
        return MAPPER.readTree(json);
    }

    /** Pretty-printed UTF-8 JSON of {@code value}. */
    public static byte[] writePretty(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
