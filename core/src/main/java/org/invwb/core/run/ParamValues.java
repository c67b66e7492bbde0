package org.invwb.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Validated values for one {@link ParamSet}: every declared parameter has a value of its declared
 * type. Immutable; {@link #with} makes a changed copy (GUI forms, live tuning, tests).
 */
public final class ParamValues {

    private final ParamSet params;
    private final Map<String, Object> values;

    ParamValues(ParamSet params, Map<String, Object> values) {
        this.params = params;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public ParamSet params() {
        return params;
    }

    public int getInt(String name) {
        return (Integer) value(name, ParamType.INT);
    }

    public long getLong(String name) {
        return (Integer) value(name, ParamType.INT);
    }

    public double getDouble(String name) {
        return ((Number) value(name, ParamType.DOUBLE, ParamType.INT)).doubleValue();
    }

    public boolean getBoolean(String name) {
        return (Boolean) value(name, ParamType.BOOLEAN);
    }

    public String getString(String name) {
        return (String) value(name, ParamType.STRING, ParamType.CHOICE);
    }

    /** All values, ordered as declared; unmodifiable. */
    public Map<String, Object> asMap() {
        return values;
    }

    /** A copy with one value replaced, checked like a spec value. */
    public ParamValues with(String name, Object value) throws SpecException {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(name, declaration(name).parse(Json.tree(value), name));
        return new ParamValues(params, copy);
    }

    private Object value(String name, ParamType... allowed) {
        ParamDecl decl = declaration(name);
        for (ParamType t : allowed) {
            if (decl.type() == t) {
                return values.get(name);
            }
        }
        throw new IllegalArgumentException("parameter \"" + name + "\" is of type " + decl.type().label()
                + ", not " + allowed[0].label());
    }

    private ParamDecl declaration(String name) {
        ParamDecl decl = params.find(name);
        if (decl == null) {
            throw new IllegalArgumentException("no parameter \"" + name + "\"; declared: "
                    + String.join(", ", params.names()));
        }
        return decl;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamValues && ((ParamValues) o).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
