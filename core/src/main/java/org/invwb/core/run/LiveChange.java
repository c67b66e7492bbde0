package org.invwb.core.run;

/**
 * A parameter changed while its run was going: {@code section.name} went from {@code from} to {@code to},
 * and {@code iteration} is the first iteration that used the new value.
 */
public record LiveChange(String section, String name, Object from, Object to, int iteration) {

    /** "lr 1 → 0.5 from iteration 38": the run's log, events.jsonl and the report say it this way. */
    public String describe() {
        return name + " " + shown(from) + " → " + shown(to) + " from iteration " + iteration;
    }

    private static String shown(Object value) {
        return value instanceof Double d ? ParamDecl.number(d) : String.valueOf(value);
    }
}
