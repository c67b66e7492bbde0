package org.invwb.core.attack.model;

import java.util.TreeSet;
import org.invwb.core.run.ParamDecl;
import org.invwb.core.run.SpecException;

/** The classes a model inversion reconstructs: one index, a list (5,7,9) or ranges (5-9), in ascending order. */
final class TargetClasses {

    static final String FIELD = "targetClasses";
    static final ParamDecl DECL = ParamDecl.text(FIELD, "5-9", "the classes to reconstruct: one index, a list such"
            + " as 5,7,9 or a range such as 5-9; by default the private digits the shipped target was trained on");

    private TargetClasses() {
    }

    /** The classes {@code text} names, each below {@code numClasses}; refusals name parameters.targetClasses. */
    static int[] parse(String text, int numClasses) throws SpecException {
        String path = "parameters." + FIELD;
        TreeSet<Integer> classes = new TreeSet<>();
        for (String part : text.split(",")) {
            String item = part.strip();
            if (item.isEmpty()) {
                throw new SpecException(path, "\"" + text + "\" has an empty entry; write e.g. 5,7,9 or 5-9");
            }
            String[] ends = item.split("-", -1);
            if (ends.length > 2) {
                throw new SpecException(path, "\"" + item + "\" is not a class index or a range such as 5-9");
            }
            int from = index(ends[0], item, path, numClasses);
            int to = ends.length == 2 ? index(ends[1], item, path, numClasses) : from;
            if (to < from) {
                throw new SpecException(path, "the range " + item + " runs backwards");
            }
            for (int c = from; c <= to; c++) {
                classes.add(c);
            }
        }
        return classes.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int index(String digits, String item, String path, int numClasses) throws SpecException {
        int c;
        try {
            c = Integer.parseInt(digits.strip());
        } catch (NumberFormatException e) {
            throw new SpecException(path, "\"" + item + "\" is not a class index or a range such as 5-9");
        }
        if (c < 0 || c >= numClasses) {
            throw new SpecException(path, c + " is not a class of the target model, which has " + numClasses
                    + " classes (0 to " + (numClasses - 1) + ")");
        }
        return c;
    }
}
