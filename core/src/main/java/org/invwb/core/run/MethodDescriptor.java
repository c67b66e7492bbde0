package org.invwb.core.run;

import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a method is and which spec sections it reads ("data", "model", "parameters", ...), each with
 * its declared parameters. {@code factory} makes a fresh method object per run; {@code plan} counts the
 * iterations a run emits ({@link PlannedIterations#DEFAULT} unless the method says otherwise);
 * {@code input}, when not null, reads the images a run works against before it starts.
 */
public record MethodDescriptor(String name, String family, String title, String citation,
        LinkedHashMap<String, ParamSet> sections, Supplier<InversionMethod> factory, PlannedIterations plan,
        InputImages input) {

    /** A method whose runs emit the default plan's iterations and whose input is read only by its run. */
    public MethodDescriptor(String name, String family, String title, String citation,
                            LinkedHashMap<String, ParamSet> sections, Supplier<InversionMethod> factory) {
        this(name, family, title, citation, sections, factory, PlannedIterations.DEFAULT, null);
    }

    public MethodDescriptor {
        if (name == null || name.isBlank() || family == null || family.isBlank()) {
            throw new IllegalArgumentException("a method needs a name and a family");
        }
        if (factory == null) {
            throw new IllegalArgumentException(name + ": factory missing");
        }
        plan = plan == null ? PlannedIterations.DEFAULT : plan;
        title = title == null ? "" : title;
        citation = citation == null ? "" : citation;
        sections = sections == null ? new LinkedHashMap<>() : new LinkedHashMap<>(sections);
        for (String section : sections.keySet()) {
            if (Spec.HEADER.find(section) != null) {
                throw new IllegalArgumentException(name + ": \"" + section + "\" is a spec header field, not a section");
            }
        }
    }

    /** The same method, whose runs emit {@code plan}'s iterations. */
    public MethodDescriptor withPlan(PlannedIterations plan) {
        return new MethodDescriptor(name, family, title, citation, sections, factory, plan, input);
    }

    /** The same method, whose input {@code input} reads from the spec. */
    public MethodDescriptor withInput(InputImages input) {
        return new MethodDescriptor(name, family, title, citation, sections, factory, plan, input);
    }

    /** The same method, made by {@code factory} (a wrapper of this one's, say). */
    public MethodDescriptor withFactory(Supplier<InversionMethod> factory) {
        return new MethodDescriptor(name, family, title, citation, sections, factory, plan, input);
    }

    /** The same method, reading {@code sections}. */
    public MethodDescriptor withSections(LinkedHashMap<String, ParamSet> sections) {
        return new MethodDescriptor(name, family, title, citation, sections, factory, plan, input);
    }

    /** The iterations a run of {@code spec} emits when it runs to the end (its most, when it may stop early); 0: unknown. */
    public int plannedIterations(ResolvedSpec spec) {
        return plan.of(spec);
    }

    /** How to read a run's input from its spec, when it can be read before the run. */
    public Optional<InputImages> inputImages() {
        return Optional.ofNullable(input);
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
