package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated specs for every registered method go through parsing and resolution: each must resolve or
 * be refused with a {@link SpecException} that names a field. Nothing else may escape.
 */
class SpecFuzzTest {

    private static final int CASES_PER_METHOD = 150;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MethodRegistry registry = MethodRegistry.standard();

    @Test
    void mutatedSpecsResolveOrAreRefusedWithAField() throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        for (MethodDescriptor method : registry.all()) {
            String valid = validSpec(method);
            for (int i = 0; i < CASES_PER_METHOD; i++) {
                String text = i % 2 == 0 ? mutateText(valid, random) : mutateTree(valid, random);
                try {
                    registry.resolve(Spec.parse(text));
                } catch (SpecException e) {
                    assertFalse(e.getMessage() == null || e.getMessage().isBlank(), method.name() + ": empty message");
                } catch (RuntimeException e) {
                    throw new AssertionError(method.name() + " case " + i + ": " + e + " for spec\n" + text, e);
                }
            }
        }
    }

    /** The method's defaults written out in full: a spec that resolves. */
    private static String validSpec(MethodDescriptor method) throws Exception {
        ObjectNode root = NODES.objectNode();
        root.put("method", method.name());
        root.put("seed", 3);
        method.sections().forEach((name, params) -> {
            ObjectNode section = root.putObject(name);
            params.decls().forEach(d -> section.set(d.name(), MAPPER.valueToTree(d.defaultValue())));
        });
        return MAPPER.writeValueAsString(root);
    }

    /** Characters deleted, duplicated or replaced: mostly malformed JSON. */
    private static String mutateText(String valid, SplittableRandom random) {
        StringBuilder s = new StringBuilder(valid);
        int edits = 1 + random.nextInt(4);
        String alphabet = "{}[]\":,0123456789.-eE+ntrufalsNaIfiy \\";
        for (int k = 0; k < edits && s.length() > 0; k++) {
            int at = random.nextInt(s.length());
            switch (random.nextInt(3)) {
                case 0 -> s.deleteCharAt(at);
                case 1 -> s.insert(at, s.charAt(random.nextInt(s.length())));
                default -> s.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }

    /** Well-formed JSON with a field given a wrong type, an extreme value, removed, or an unknown field added. */
    private static String mutateTree(String valid, SplittableRandom random) throws Exception {
        ObjectNode root = (ObjectNode) MAPPER.readTree(valid);
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(root);
        for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
            JsonNode n = it.next();
            if (n instanceof ObjectNode o) {
                objects.add(o);
            }
        }
        ObjectNode target = objects.get(random.nextInt(objects.size()));
        List<String> fields = new ArrayList<>();
        target.fieldNames().forEachRemaining(fields::add);
        String field = fields.isEmpty() ? "x" : fields.get(random.nextInt(fields.size()));
        JsonNode[] replacements = {
            NODES.nullNode(), NODES.textNode(""), NODES.textNode("../../etc/passwd"), NODES.numberNode(-1),
            NODES.numberNode(1e308), NODES.numberNode(Long.MAX_VALUE), NODES.numberNode(2.5), NODES.booleanNode(true),
            NODES.arrayNode().add(1), NODES.objectNode().put("nested", 1), NODES.numberNode(0),
            NODES.numberNode(Integer.MIN_VALUE)};
        switch (random.nextInt(4)) {
            case 0 -> target.remove(field);
            case 1 -> target.put("unknownField" + random.nextInt(10), 1);
            default -> target.set(field, replacements[random.nextInt(replacements.length)]);
        }
        return MAPPER.writeValueAsString(root);
    }
}
