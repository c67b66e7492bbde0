package org.invwb.app.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The varied fields: parsing of --vary and the cartesian product of their values. */
final class SweepAxes {

    private SweepAxes() {
    }

    static List<Map<String, String>> combinations(List<String> vary) throws BadInputException {
        List<Map<String, String>> result = new ArrayList<>();
        result.add(new LinkedHashMap<>());
        for (String axis : vary) {
            int eq = axis.indexOf('=');
            if (eq <= 0) {
                throw new BadInputException("--vary " + axis + ": expected NAME=VALUES, e.g. data.index=0..11");
            }
            String name = axis.substring(0, eq);
            List<String> values = values(axis, axis.substring(eq + 1));
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : result) {
                for (String value : values) {
                    Map<String, String> combination = new LinkedHashMap<>(partial);
                    combination.put(name, value);
                    next.add(combination);
                }
            }
            result = next;
        }
        return result;
    }

    private static List<String> values(String axis, String text) throws BadInputException {
        int dots = text.indexOf("..");
        if (dots < 0) {
            List<String> values = List.of(text.split(","));
            if (values.stream().anyMatch(String::isBlank)) {
                throw new BadInputException("--vary " + axis + ": an empty value in the list");
            }
            return values;
        }
        try {
            long from = Long.parseLong(text.substring(0, dots).trim());
            long to = Long.parseLong(text.substring(dots + 2).trim());
            if (to < from || to - from >= 100_000) {
                throw new BadInputException("--vary " + axis + ": the range must go upwards and hold at most 100000 values");
            }
            List<String> values = new ArrayList<>();
            for (long v = from; v <= to; v++) {
                values.add(Long.toString(v));
            }
            return values;
        } catch (NumberFormatException e) {
            throw new BadInputException("--vary " + axis + ": FROM..TO needs whole numbers");
        }
    }

    /** e.g. "data.index-3_seed-2": readable, and safe as a folder name. */
    static String folderName(Map<String, String> combination) {
        List<String> parts = new ArrayList<>();
        combination.forEach((name, value) -> parts.add(name + "-" + value));
        return String.join("_", parts).replaceAll("[^A-Za-z0-9._-]", "_");
    }
}

