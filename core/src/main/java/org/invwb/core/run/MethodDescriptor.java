package org.invwb.core.run;

import java.util.LinkedHashMap;
import java.util.function.Supplier;

/**
 * What a method is and which spec sections it reads ("data", "model", "parameters", ...), each with
 * its declared parameters. {@code factory} makes a fresh method object per run.
 */
public record MethodDescriptor(String name, String family, String title, String citation,
        LinkedHashMap<String, ParamSet> sections, Supplier<InversionMethod> factory) {

    public MethodDescriptor {
        if (name == null || name.isBlank() || family == null || family.isBlank()) {
            throw new IllegalArgumentException("a method needs a name and a family");
        }
        if (factory == null) {
            throw new IllegalArgumentException(name + ": factory missing");
        }
        title = title == null ? "" : title;
        citation = citation == null ? "" : citation;
        sections = sections == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sections);
        for (String section : sections.keySet()) {
            if (Spec.HEADER.find(section) != null) {
                throw new IllegalArgumentException(name + ": \"" + section + "\" is a spec header field, not a section");
            }
        }
    }

    /** Several lines for {@code describe METHOD}: title, citation, then every parameter by section. */
    public String describe() {
        StringBuilder text = new StringBuilder(name).append(" (").append(family).append(")");
        if (!title.isEmpty()) {
            text.append(" — ").append(title);
        }
        text.append('\n');
        if (!citation.isEmpty()) {
            text.append("  ").append(citation).append('\n');
        }
        sections.forEach((section, params) -> {
            text.append(section).append(":\n");
            params.decls().forEach(d -> text.append("  ").append(d.describe()).append('\n'));
        });
        return text.toString();
    }
}
