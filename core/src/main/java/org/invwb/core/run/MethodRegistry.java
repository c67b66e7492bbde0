package org.invwb.core.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/** The methods a run can name, and the check of a spec against the named method's declarations. */
public final class MethodRegistry {

    private final Map<String, MethodDescriptor> methods = new LinkedHashMap<>();

    /** The methods that core's packages contribute through {@link MethodProvider}. */
    public static MethodRegistry standard() {
        return load(MethodRegistry.class.getClassLoader());
    }

    /**
     * The methods of every {@link MethodProvider} that {@code loader} can see, sorted by family so that
     * menus and {@code describe} do not depend on class-path order; within a family they keep the order
     * their provider lists them in (the founding method first, e.g. dlg before its successors).
     */
    public static MethodRegistry load(ClassLoader loader) {
        List<MethodDescriptor> found = new ArrayList<>();
        for (MethodProvider provider : ServiceLoader.load(MethodProvider.class, loader)) {
            found.addAll(provider.methods());
        }
        found.sort(Comparator.comparing(MethodDescriptor::family));
        MethodRegistry registry = new MethodRegistry();
        found.forEach(registry::register);
        return registry;
    }

    public synchronized void register(MethodDescriptor method) {
        if (methods.containsKey(method.name())) {
            throw new IllegalArgumentException("method \"" + method.name() + "\" is registered twice");
        }
        methods.put(method.name(), method);
    }

    public synchronized Optional<MethodDescriptor> find(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    /** In registration order. */
    public synchronized List<MethodDescriptor> all() {
        return List.copyOf(methods.values());
    }

    /**
     * Checks the whole spec against its method: header, top-level fields, then every section, which
     * comes back complete with defaults. The first problem found is thrown, naming its field.
     */
    public ResolvedSpec resolve(Spec spec) throws SpecException {
        ParamValues header = spec.header();
        String name = header.getString("method");
        if (name.isEmpty()) {
            throw new SpecException("method", "required; known: " + knownNames());
        }
        MethodDescriptor method = find(name).orElseThrow(
                () -> new SpecException("method", "unknown method \"" + name + "\"; known: " + knownNames()));

        List<String> allowed = new ArrayList<>(Spec.HEADER.names());
        allowed.addAll(method.sections().keySet());
        for (Iterator<String> it = spec.json().fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw SpecException.unknownField(field, allowed);
            }
        }

        Map<String, ParamValues> sections = new LinkedHashMap<>();
        for (Map.Entry<String, ParamSet> section : method.sections().entrySet()) {
            JsonNode given = spec.json().get(section.getKey());
            sections.put(section.getKey(), given == null
                    ? section.getValue().defaults()
                    : section.getValue().parse(section.getKey(), given));
        }
        return new ResolvedSpec(name, header.getInt("seed"), sections);
    }

    private String knownNames() {
        List<String> names = all().stream().map(MethodDescriptor::name).toList();
        return names.isEmpty() ? "(none registered)" : String.join(", ", names);
    }
}
