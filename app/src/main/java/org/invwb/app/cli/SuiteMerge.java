package org.invwb.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Merges a partial gradient suite (some methods re-run) into an earlier one's tables: a row of the new tables
 * replaces the earlier row of the same method, defense and batch (the same method in the settings table), rows
 * the earlier study lacks follow its last row, and every other row is kept as it was. The earlier page keeps
 * its header, followed by the new one's, which says which methods were re-run, by what command and when.
 */
final class SuiteMerge {

    private SuiteMerge() {
    }

    /** FILE.csv beside FILE.md. */
    static Path csvBeside(Path markdown) {
        String name = markdown.getFileName().toString();
        String stem = name.endsWith(".md") ? name.substring(0, name.length() - 3) : name;
        return markdown.resolveSibling(stem + ".csv");
    }

    /** The CSV: rows keyed by their first three fields (method, defense id, batch). */
    static String csv(String earlier, String now) {
        List<String> old = lines(earlier);
        List<String> fresh = lines(now);
        List<String> merged = replaceRows(old.subList(1, old.size()), fresh.subList(1, fresh.size()),
                line -> line.split(",", 4).length == 4, SuiteMerge::csvKey);
        merged.add(0, old.get(0));
        return String.join("\n", merged) + "\n";
    }

    /**
     * The page: the earlier title and header, then "Re-run here:" and the new header, then both tables with the
     * re-run methods' rows replaced.
     */
    static String markdown(String earlier, String now, List<String> rerun) {
        List<String> old = lines(earlier);
        List<String> fresh = lines(now);
        int oldTables = firstTableLine(old);
        int freshTables = firstTableLine(fresh);
        List<String> out = new ArrayList<>(old.subList(0, oldTables));
        out.add("Re-run later for " + String.join(", ", rerun.stream().map(m -> "`" + m + "`").toList())
                + " (their settings and rows below replace the earlier ones):");
        out.add("");
        // the new page's header without its title: from its first non-title line up to its tables
        fresh.subList(2, freshTables).forEach(out::add);
        List<String> oldBody = old.subList(oldTables, old.size());
        List<String> freshBody = fresh.subList(freshTables, fresh.size());
        out.addAll(replaceRows(oldBody, freshBody, SuiteMerge::isTableRow, SuiteMerge::markdownKey));
        return String.join("\n", out) + "\n";
    }

    private static String csvKey(String line) {
        return String.join(",", List.of(line.split(",", 4)).subList(0, 3));
    }

    private static boolean isTableRow(String line) {
        return line.startsWith("| `");
    }

    /** A results row's method, defense and batch; a settings row's method. */
    private static String markdownKey(String line) {
        String[] cells = line.split(" \\| ");
        return cells.length >= 9 ? "result " + cells[0] + "|" + cells[1] + "|" + cells[2] : "setting " + cells[0];
    }

    /**
     * {@code old} with each row whose key a row of {@code fresh} has replaced by that row; fresh rows with a new
     * key follow the last old row of the same kind (results or settings), else the end.
     */
    private static List<String> replaceRows(List<String> old, List<String> fresh,
                                            Predicate<String> isRow,
                                            Function<String, String> key) {
        Map<String, String> replacements = new LinkedHashMap<>();
        fresh.stream().filter(isRow).forEach(line -> replacements.put(key.apply(line), line));
        List<String> out = new ArrayList<>();
        Map<String, Integer> lastOfKind = new LinkedHashMap<>();
        for (String line : old) {
            if (isRow.test(line)) {
                String k = key.apply(line);
                out.add(replacements.getOrDefault(k, line));
                replacements.remove(k);
                lastOfKind.put(kind(k), out.size());
            } else {
                out.add(line);
            }
        }
        List<String> left = new ArrayList<>(replacements.keySet());
        for (int i = left.size() - 1; i >= 0; i--) {
            String k = left.get(i);
            Integer at = lastOfKind.get(kind(k));
            out.add(at == null ? out.size() : at, replacements.get(k));
        }
        return out;
    }

    private static String kind(String key) {
        return key.startsWith("setting ") ? "setting" : "result";
    }

    private static int firstTableLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("| ")) {
                return i;
            }
        }
        throw new IllegalArgumentException("no table in the suite's page");
    }

    private static List<String> lines(String text) {
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }
}
