package org.invwb.core.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A spec checked against its method: every value the run uses, defaults filled in, sections in declared order. */
public record ResolvedSpec(String method, long seed, Map<String, ParamValues> sections) {

    public ResolvedSpec {
        sections = Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    }

    public ParamValues section(String name) {
        ParamValues values = sections.get(name);
        if (values == null) {
            throw new IllegalArgumentException("method " + method + " has no section \"" + name + "\"; it has: "
                    + String.join(", ", sections.keySet()));
        }
        return values;
    }

    /** {"data": {...}, "parameters": {...}, ...}: every value, for the run report. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        sections.forEach((name, values) -> map.put(name, values.asMap()));
        return map;
    }

    /** The full spec, every value spelled out, so that a run folder can be run again as it was. */
    public Spec toSpec(String description) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("method", method);
        root.put("seed", seed);
        if (description != null && !description.isEmpty()) {
            root.put("description", description);
        }
        sections.forEach((name, values) -> root.set(name, Json.MAPPER.valueToTree(values.asMap())));
        return new Spec(root);
    }
}
