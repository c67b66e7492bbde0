package org.invwb.core.run;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.ser.std.StdScalarSerializer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The run package's one JSON configuration: strict reading, output that is always valid JSON. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .addModule(new SimpleModule("finite-numbers")
                    .addSerializer(Double.class, new NonFiniteAsNull())
                    .addSerializer(Double.TYPE, new NonFiniteAsNull())
                    .addSerializer(Float.class, new NonFiniteAsNull())
                    .addSerializer(Float.TYPE, new NonFiniteAsNull()))
            .build();

    private static final int SHOWN_MAX = 60;

    private Json() {
    }

    /** Parses a whole document; {@code source} (file name or "spec") names it in error messages. */
    static JsonNode read(String text, String source) throws SpecException {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new SpecException(source, "empty; expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new SpecException(source, where + "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A Java value as a tree; doubles stay doubles (NaN included) so validation can name them. */
    static JsonNode tree(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return DoubleNode.valueOf(((Number) value).doubleValue());
        }
        JsonNode node = MAPPER.valueToTree(value);
        return node == null ? NullNode.getInstance() : node;
    }

    /** A value as the user wrote it, shortened for error messages. */
    static String shown(JsonNode node) {
        String s = node.isNumber() ? node.asText() : node.toString(); // toString would quote "NaN"
        return s.length() <= SHOWN_MAX ? s : s.substring(0, SHOWN_MAX - 3) + "...";
    }

    /** One compact line, for events.jsonl. */
    static String line(Object value) throws JsonProcessingException {
        return MAPPER.writeValueAsString(value);
    }

    /** Pretty JSON written to a temporary file beside {@code file}, then renamed over it. */
    static void writeAtomically(Path file, Object value) throws IOException {
        byte[] bytes = MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(value);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".tmp-", ".json");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // NaN and infinities are not JSON; a diverged loss is written as null instead.
    private static final class NonFiniteAsNull extends StdScalarSerializer<Number> {

        private static final long serialVersionUID = 1L;

        NonFiniteAsNull() {
            super(Number.class);
        }

        @Override
        public void serialize(Number value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double v = value.doubleValue();
            if (!Double.isFinite(v)) {
                gen.writeNull();
            } else if (value instanceof Float) {
                gen.writeNumber(value.floatValue());
            } else {
                gen.writeNumber(v);
            }
        }
    }
}
