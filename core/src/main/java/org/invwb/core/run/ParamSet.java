package org.invwb.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The declared parameters of one spec section, in declaration order (the order forms and reports use). */
public final class ParamSet {

    private final List<ParamDecl> decls;
    private final Map<String, ParamDecl> byName = new LinkedHashMap<>();

    private ParamSet(List<ParamDecl> decls) {
        this.decls = List.copyOf(decls);
        for (ParamDecl d : this.decls) {
            if (byName.put(d.name(), d) != null) {
                throw new IllegalArgumentException("parameter \"" + d.name() + "\" declared twice");
            }
        }
    }

    public static ParamSet of(ParamDecl... decls) {
        return new ParamSet(Arrays.asList(decls));
    }

    public List<ParamDecl> decls() {
        return decls;
    }

    /** The declaration of {@code name}, or null when there is none. */
    public ParamDecl find(String name) {
        return byName.get(name);
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public ParamValues defaults() {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamDecl d : decls) {
            values.put(d.name(), d.defaultValue());
        }
        return new ParamValues(this, values);
    }

    /**
     * Validates one JSON section: every field must be declared and valid, missing fields take their
     * defaults. {@code path} is the section's name in the spec, used as the prefix of error paths.
     */
    public ParamValues parse(String path, JsonNode section) throws SpecException {
        if (!section.isObject()) {
            throw new SpecException(path, "expected an object, got " + Json.shown(section));
        }
        for (Iterator<String> it = section.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!byName.containsKey(field)) {
                throw SpecException.unknownField(path + "." + field, byName.keySet());
            }
        }
        return read(path + ".", section);
    }

    /** The declared fields of {@code object} (others ignored), missing ones defaulted; errors read prefix + name. */
    ParamValues read(String prefix, JsonNode object) throws SpecException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (ParamDecl d : decls) {
            JsonNode given = object.get(d.name());
            values.put(d.name(), given == null ? d.defaultValue() : d.parse(given, prefix + d.name()));
        }
        return new ParamValues(this, values);
    }
}
