package org.invwb.app.gui;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.invwb.core.run.MethodDescriptor;
import org.slf4j.LoggerFactory;

/**
 * What teaching mode shows for a method: its objective as an equation, the terms whose live values sit
 * beside it, and a paragraph in plain words. Read from {@code teaching/METHOD.properties} (UTF-8) beside
 * this class, so a method family that lands later gets its notes by adding a file, not code. A method
 * without notes gets its title and citation and every value it reports.
 */
public record TeachingContent(String title, String citation, Equation equation, List<Term> terms, String explanation) {

    /**
     * {@code lhs operator body}, with {@code under} written small beneath the operator (e.g. arg min over
     * x̂), and {@code where} ("" for none) a line below saying what a symbol stands for.
     */
    public record Equation(String lhs, String operator, String under, String body, String where) {
    }

    /** A scalar the run reports (a Progress name), its symbol in the equation and what it means. */
    public record Term(String scalar, String symbol, String meaning) {
    }

    public TeachingContent {
        terms = List.copyOf(terms);
    }

    /** Whether the method has its own notes (else only title, citation and its values are shown). */
    public boolean hasNotes() {
        return equation != null;
    }

    /** The method's notes, or the generic content when it has none (or they cannot be read). */
    public static TeachingContent of(MethodDescriptor method) {
        try (InputStream in = TeachingContent.class.getResourceAsStream("teaching/" + method.name() + ".properties")) {
            if (in != null) {
                return read(method, new InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException | IllegalArgumentException e) {
            LoggerFactory.getLogger(TeachingContent.class).warn("teaching notes of {} not read: {}", method.name(), e.toString());
        }
        return generic(method);
    }

    static TeachingContent read(MethodDescriptor method, Reader reader) throws IOException {
        Properties p = new Properties();
        p.load(reader);
        Equation equation = new Equation(p.getProperty("objective.lhs", ""), p.getProperty("objective.operator", ""),
                p.getProperty("objective.under", ""), required(p, "objective.body", method),
                p.getProperty("objective.where", "").strip());
        List<Term> terms = new ArrayList<>();
        for (String scalar : p.getProperty("terms", "").split(",")) {
            String name = scalar.strip();
            if (!name.isEmpty()) {
                terms.add(new Term(name, p.getProperty("symbol." + name, LiveViewModel.displayName(name)),
                        p.getProperty("meaning." + name, "")));
            }
        }
        return new TeachingContent(method.title(), method.citation(), equation, terms,
                required(p, "explanation", method));
    }

    private static TeachingContent generic(MethodDescriptor method) {
        return new TeachingContent(method.title(), method.citation(), null, List.of(),
                "There are no teaching notes for " + method.name() + " yet. Its paper is cited above; below are"
                        + " the values it reports at each iteration, live. Use Step to run it one iteration at a time.");
    }

    private static String required(Properties p, String key, MethodDescriptor method) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("teaching/" + method.name() + ".properties: " + key + " missing");
        }
        return value.strip();
    }
}
