package org.invwb.core.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * An experiment as the user wrote it: {@code {"method": ..., "seed": ..., "description": ...,
 * "<section>": {...}}}. Only the header fields are checked here; the sections are checked against the
 * method's declarations by {@link MethodRegistry#resolve}. The tree is copied on the way in; treat
 * {@link #json()} as read-only ({@link #withOverride} returns a new spec).
 */
public record Spec(ObjectNode json) {

    /** The fields every spec may have, whatever its method. */
    static final ParamSet HEADER = ParamSet.of(
            ParamDecl.text("method", "", "the method to run; `describe` lists them"),
            ParamDecl.integer("seed", 0, 0, Integer.MAX_VALUE, "random seed; the same seed repeats the run"),
            ParamDecl.text("description", "", "free text kept with the run"));

    public Spec {
        json = Objects.requireNonNull(json, "json").deepCopy();
    }

    public static Spec load(Path file) throws SpecException, IOException {
        return parse(Files.readString(file), file.toString());
    }

    public static Spec parse(String json) throws SpecException {
        return parse(json, "spec");
    }

    private static Spec parse(String text, String source) throws SpecException {
        JsonNode root = Json.read(text, source);
        if (!root.isObject()) {
            throw new SpecException(source, "expected a JSON object at the top level, got " + Json.shown(root));
        }
        Spec spec = new Spec((ObjectNode) root);
        spec.header();
        return spec;
    }

    /**
     * A copy with one value set, for {@code --set parameters.iterations=100}. The value is read as a
     * JSON literal when it is one ({@code 100}, {@code 1e-3}, {@code true}, {@code "x"}), else taken
     * as a string; missing sections on the path are created. Whether the field exists is checked
     * when the spec is resolved, with the method's declarations at hand.
     */
    public Spec withOverride(String dottedPath, String value) throws SpecException {
        String[] parts = dottedPath.split("\\.", -1);
        for (String part : parts) {
            if (part.isBlank()) {
                throw new SpecException(dottedPath, "not a field path (expected e.g. parameters.iterations)");
            }
        }
        ObjectNode root = json.deepCopy();
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            if (child == null) {
                child = parent.putObject(parts[i]);
            } else if (!child.isObject()) {
                throw new SpecException(String.join(".", Arrays.copyOf(parts, i + 1)),
                        "is " + Json.shown(child) + ", not a section; cannot set " + dottedPath);
            }
            parent = (ObjectNode) child;
        }
        parent.set(parts[parts.length - 1], literal(dottedPath, value));
        Spec spec = new Spec(root);
        spec.header();
        return spec;
    }

    /** The method name, or null when the spec names none. */
    public String method() {
        JsonNode m = json.get("method");
        return m == null ? null : m.asText();
    }

    public long seed() {
        return json.path("seed").asLong(0);
    }

    /** The free-text description, "" when there is none. */
    public String description() {
        return json.path("description").asText("");
    }

    /** The header fields, checked (an unknown method or missing one is the registry's to report). */
    ParamValues header() throws SpecException {
        return HEADER.read("", json);
    }

    private static JsonNode literal(String path, String value) throws SpecException {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(value);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(value);
        }
        if (parsed == null || parsed.isMissingNode()) {
            return TextNode.valueOf(value);
        }
        if (parsed.isNull()) {
            throw new SpecException(path, "null is not allowed; leave the field out to use its default");
        }
        return parsed;
    }
}
