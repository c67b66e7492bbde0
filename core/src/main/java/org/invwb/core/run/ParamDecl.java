package org.invwb.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * One parameter of a method, declared once: the spec validator, the GUI form, {@code describe} and
 * the run report all read this declaration, so nothing about a parameter is written twice.
 *
 * <p>{@code min}/{@code max} bound INT and DOUBLE values (null = unbounded); {@code choices} lists the
 * values of a CHOICE; {@code paperDefault} is the value the method's paper used, where it differs or
 * is worth citing; {@code liveTunable} marks parameters that may change while a run is going.
 */
public record ParamDecl(String name, ParamType type, Object defaultValue, Double min, Double max,
        List<String> choices, String unit, String group, String help, String paperDefault, boolean liveTunable) {

    public ParamDecl {
        if (name == null || name.isBlank() || name.contains(".")) {
            throw new IllegalArgumentException("a parameter needs a name without dots, got \"" + name + "\"");
        }
        if (type == null) {
            throw new IllegalArgumentException(name + ": type missing");
        }
        choices = choices == null ? List.of() : List.copyOf(choices);
        if ((type == ParamType.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException(name + ": choices are required for CHOICE and only for CHOICE");
        }
        boolean numeric = type == ParamType.INT || type == ParamType.DOUBLE;
        if (!numeric && (min != null || max != null)) {
            throw new IllegalArgumentException(name + ": only numbers have a range");
        }
        if (min != null && max != null && !(min <= max)) {
            throw new IllegalArgumentException(name + ": empty range [" + min + ", " + max + "]");
        }
        group = group == null ? "general" : group;
        help = help == null ? "" : help;
        try {
            // The default passes the same check as a user's value, and comes out in the stored type.
            defaultValue = check(name, type, min, max, choices, Json.tree(defaultValue));
        } catch (SpecException e) {
            throw new IllegalArgumentException("bad default: " + e.getMessage(), e);
        }
    }

    public static ParamDecl integer(String name, int def, int min, int max, String help) {
        return new ParamDecl(name, ParamType.INT, def, (double) min, (double) max, null, null, null, help, null, false);
    }

    public static ParamDecl real(String name, double def, double min, double max, String help) {
        return new ParamDecl(name, ParamType.DOUBLE, def, min, max, null, null, null, help, null, false);
    }

    public static ParamDecl bool(String name, boolean def, String help) {
        return new ParamDecl(name, ParamType.BOOLEAN, def, null, null, null, null, null, help, null, false);
    }

    public static ParamDecl choice(String name, String def, List<String> choices, String help) {
        return new ParamDecl(name, ParamType.CHOICE, def, null, null, choices, null, null, help, null, false);
    }

    public static ParamDecl text(String name, String def, String help) {
        return new ParamDecl(name, ParamType.STRING, def, null, null, null, null, null, help, null, false);
    }

    public ParamDecl unit(String unit) {
        return new ParamDecl(name, type, defaultValue, min, max, choices, unit, group, help, paperDefault, liveTunable);
    }

    public ParamDecl group(String group) {
        return new ParamDecl(name, type, defaultValue, min, max, choices, unit, group, help, paperDefault, liveTunable);
    }

    public ParamDecl paper(String paperDefault) {
        return new ParamDecl(name, type, defaultValue, min, max, choices, unit, group, help, paperDefault, liveTunable);
    }

    public ParamDecl live() {
        return new ParamDecl(name, type, defaultValue, min, max, choices, unit, group, help, paperDefault, true);
    }

    /**
     * Checks one JSON value against this declaration and returns it in the stored type
     * (Integer, Double, Boolean or String). {@code path} names the value in error messages.
     */
    public Object parse(JsonNode value, String path) throws SpecException {
        return check(path, type, min, max, choices, value);
    }

    /** One line for {@code describe}: name, type, default, range or choices, help, paper value. */
    public String describe() {
        StringBuilder line = new StringBuilder(name).append("  ").append(type.label())
                .append("  default ").append(shown(defaultValue));
        if (unit != null) {
            line.append(' ').append(unit);
        }
        if (min != null || max != null) {
            line.append("  range ").append(rangeText());
        }
        if (type == ParamType.CHOICE) {
            line.append("  one of ").append(String.join(", ", choices));
        }
        line.append("  — ").append(help);
        if (paperDefault != null) {
            line.append(" (paper: ").append(paperDefault).append(')');
        }
        if (liveTunable) {
            line.append("  [live]");
        }
        return line.toString();
    }

    private String rangeText() {
        if (min == null) {
            return "<= " + number(max);
        }
        if (max == null) {
            return ">= " + number(min);
        }
        return "[" + number(min) + ", " + number(max) + "]";
    }

    private static Object check(String path, ParamType type, Double min, Double max, List<String> choices,
            JsonNode value) throws SpecException {
        switch (type) {
            case INT: {
                double v = finiteNumber(path, value, "an integer");
                if (v != Math.rint(v)) {
                    throw expected(path, "an integer", value);
                }
                checkRange(path, v, min, max);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new SpecException(path, number(v) + " does not fit a 32-bit integer");
                }
                return (int) v;
            }
            case DOUBLE: {
                double v = finiteNumber(path, value, "a number");
                checkRange(path, v, min, max);
                return v;
            }
            case BOOLEAN:
                if (!value.isBoolean()) {
                    throw expected(path, "true or false", value);
                }
                return value.booleanValue();
            case CHOICE: {
                String s = text(path, value);
                if (!choices.contains(s)) {
                    throw new SpecException(path, "\"" + s + "\" is not one of: " + String.join(", ", choices));
                }
                return s;
            }
            case STRING:
                return text(path, value);
            default:
                throw new AssertionError(type);
        }
    }

    private static double finiteNumber(String path, JsonNode value, String what) throws SpecException {
        if (!value.isNumber()) {
            throw expected(path, what, value);
        }
        double v = value.doubleValue();
        if (!Double.isFinite(v)) {
            throw expected(path, "a finite number", value);
        }
        return v;
    }

    private static void checkRange(String path, double v, Double min, Double max) throws SpecException {
        boolean low = min != null && v < min;
        boolean high = max != null && v > max;
        if (!low && !high) {
            return;
        }
        if (min != null && max != null) {
            throw new SpecException(path, number(v) + " is out of range [" + number(min) + ", " + number(max) + "]");
        }
        throw new SpecException(path, number(v) + (low ? " is below the minimum " + number(min)
                : " is above the maximum " + number(max)));
    }

    // Numbers, booleans and strings are all accepted as text: a --set override cannot know the type.
    private static String text(String path, JsonNode value) throws SpecException {
        if (value.isTextual() || value.isNumber() || value.isBoolean()) {
            return value.asText();
        }
        throw expected(path, "a string", value);
    }

    private static SpecException expected(String path, String what, JsonNode got) {
        return new SpecException(path, "expected " + what + ", got " + Json.shown(got));
    }

    private static String shown(Object value) {
        if (value instanceof Double) {
            return number((Double) value);
        }
        return "".equals(value) ? "\"\"" : String.valueOf(value);
    }

    /** Integral values without ".0", so a range reads [1, 100000] rather than [1.0, 100000.0]. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
