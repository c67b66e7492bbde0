package org.invwb.core.run;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec file reference as Markdown, generated from the registered methods' parameter
 * declarations so it is never maintained by hand. A section declared once and read by several
 * methods (the victim's {@code data}, {@code model}, {@code client}) is printed once and linked.
 */
public final class SpecReference {

    private SpecReference() {
    }

    public static String markdown(MethodRegistry registry) {
        List<MethodDescriptor> methods = registry.all();
        Map<ParamSet, List<String>> users = new IdentityHashMap<>();
        Map<ParamSet, String> sectionNames = new IdentityHashMap<>();
        for (MethodDescriptor m : methods) {
            m.sections().forEach((name, params) -> {
                users.computeIfAbsent(params, p -> new ArrayList<>()).add(m.name());
                sectionNames.putIfAbsent(params, name);
            });
        }
        Map<ParamSet, String> anchors = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder("# Spec file reference\n\n")
                .append("Generated from the parameter declarations by `invwb docs --out docs`; do not edit.\n\n")
                .append("A spec is a JSON object: `method` (below), `seed` (integer, default 0), `description` (text),\n")
                .append("and one object per section the method reads. A field left out takes its default; an unknown\n")
                .append("field, a wrong type or a value out of range is refused with a message naming the field.\n")
                .append("Fields marked *live* may be changed while a run goes.\n\n");
        md.append("## Methods\n\n| family | method | title | citation |\n|---|---|---|---|\n");
        for (MethodDescriptor m : methods) {
            md.append("| ").append(m.family()).append(" | [`").append(m.name()).append("`](#").append(anchor(m.name()))
                    .append(") | ").append(cell(m.title())).append(" | ").append(cell(m.citation())).append(" |\n");
        }
        md.append("\n## Shared sections\n\n");
        for (MethodDescriptor m : methods) {
            m.sections().forEach((name, params) -> {
                if (users.get(params).size() > 1 && !anchors.containsKey(params)) {
                    String title = name + " (" + String.join(", ", users.get(params)) + ")";
                    anchors.put(params, anchor("section " + title));
                    md.append("### section ").append(title).append("\n\n").append(table(params)).append('\n');
                }
            });
        }
        for (MethodDescriptor m : methods) {
            md.append("## ").append(m.name()).append("\n\n").append(cell(m.title()));
            if (!m.citation().isEmpty()) {
                md.append(" — ").append(cell(m.citation()));
            }
            md.append(". Family `").append(m.family()).append("`.\n\n");
            m.sections().forEach((name, params) -> {
                if (anchors.containsKey(params)) {
                    md.append("- `").append(name).append("`: the [shared section](#").append(anchors.get(params)).append(")\n");
                }
            });
            m.sections().forEach((name, params) -> {
                if (!anchors.containsKey(params)) {
                    md.append("\n`").append(name).append("`\n\n").append(table(params));
                }
            });
            md.append('\n');
        }
        return md.toString();
    }

    private static String table(ParamSet params) {
        StringBuilder t = new StringBuilder("| field | type | default | allowed | meaning | paper |\n|---|---|---|---|---|---|\n");
        for (ParamDecl d : params.decls()) {
            String allowed = d.type() == ParamType.CHOICE ? String.join(", ", d.choices()) : range(d);
            String meaning = d.help() + (d.unit() == null ? "" : " (" + d.unit() + ")") + (d.liveTunable() ? " *live*" : "");
            t.append("| `").append(d.name()).append("` | ").append(d.type().label()).append(" | ")
                    .append(cell(shown(d.defaultValue()))).append(" | ").append(cell(allowed)).append(" | ")
                    .append(cell(meaning)).append(" | ").append(cell(d.paperDefault() == null ? "" : d.paperDefault()))
                    .append(" |\n");
        }
        return t.toString();
    }

    private static String range(ParamDecl d) {
        if (d.min() == null && d.max() == null) {
            return "";
        }
        if (d.min() == null) {
            return "≤ " + ParamDecl.number(d.max());
        }
        if (d.max() == null) {
            return "≥ " + ParamDecl.number(d.min());
        }
        return ParamDecl.number(d.min()) + " … " + ParamDecl.number(d.max());
    }

    private static String shown(Object value) {
        if (value instanceof Double v) {
            return ParamDecl.number(v);
        }
        return "".equals(value) ? "\"\"" : String.valueOf(value);
    }

    /** Table cells cannot hold a bare pipe or a line break. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    /** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
    private static String anchor(String heading) {
        return heading.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }
}
