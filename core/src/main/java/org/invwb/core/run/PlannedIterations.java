package org.invwb.core.run;

/**
 * How many {@link Progress} iterations a run of a method emits when it runs to the end: the total a
 * progress bar, an "i / total" count and a time-left estimate need. A method that may stop early (a
 * converged search, an early-stopping rule) plans its most. Each method answers next to its parameter
 * declarations; 0 means the total is not known before the run.
 */
@FunctionalInterface
public interface PlannedIterations {

    /** One iteration per {@code parameters.iterations}, else per {@code federation.rounds}, else unknown (0). */
    PlannedIterations DEFAULT = spec -> {
        int iterations = intField(spec, "parameters", "iterations");
        return iterations > 0 ? iterations : intField(spec, "federation", "rounds");
    };

    int of(ResolvedSpec spec);

    /** One iteration per unit of the integer {@code section.field}, e.g. parameters.steps. */
    static PlannedIterations field(String section, String field) {
        return spec -> intField(spec, section, field);
    }

    /** {@code total} as a plan, held at {@link Integer#MAX_VALUE} for specs too large to run to the end anyway. */
    static int capped(long total) {
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    /** {@code field} of {@code section} when the spec declares it as an integer, else 0. */
    static int intField(ResolvedSpec spec, String section, String field) {
        ParamValues values = spec.sections().get(section);
        if (values == null) {
            return 0;
        }
        ParamDecl decl = values.params().find(field);
        return decl != null && decl.type() == ParamType.INT ? values.getInt(field) : 0;
    }
}
