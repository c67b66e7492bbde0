package org.invwb.app.cli;

import java.util.List;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/** Applies {@code name=value} assignments (from --set and its shorthands) to a spec, in order. */
final class SpecOverrides {

    private SpecOverrides() {
    }

    static Spec apply(Spec spec, List<String> assignments) throws SpecException, BadInputException {
        Spec result = spec;
        for (String assignment : assignments) {
            int eq = assignment.indexOf('=');
            if (eq < 0) {
                throw new BadInputException("--set " + assignment
                        + ": expected name=value, e.g. --set parameters.lr=0.1");
            }
            result = result.withOverride(assignment.substring(0, eq), assignment.substring(eq + 1));
        }
        return result;
    }
}
