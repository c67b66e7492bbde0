package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecTest {

    private static final String SPEC = "{\"method\": \"fake\", \"seed\": 7, \"description\": \"first try\","
            + " \"parameters\": {\"iterations\": 20}}";

    private static String error(String json) {
        return assertThrows(SpecException.class, () -> Spec.parse(json)).getMessage();
    }

    @Test
    void readsTheHeader() throws Exception {
        Spec spec = Spec.parse(SPEC);
        assertEquals("fake", spec.method());
        assertEquals(7, spec.seed());
        assertEquals("first try", spec.description());
        Spec bare = Spec.parse("{}");
        assertEquals(null, bare.method());
        assertEquals(0, bare.seed());
        assertEquals("", bare.description());
    }

    @Test
    void malformedJsonNamesTheFileLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("broken.json");
        Files.writeString(file, "{\"method\": \"fake\",\n  \"seed\": }\n");
        SpecException e = assertThrows(SpecException.class, () -> Spec.load(file));
        assertEquals(file.toString(), e.path());
        assertTrue(e.getMessage().startsWith(file + ": line 2, column 11: malformed JSON: "), e.getMessage());
    }

    @Test
    void duplicateKeysAreRefused() {
        String message = error("{\"seed\": 1, \"seed\": 2}");
        assertTrue(message.startsWith("spec: line 1, column "), message);
        assertTrue(message.contains("Duplicate field 'seed'"), message);
    }

    @Test
    void trailingGarbageIsRefused() {
        assertTrue(error("{\"method\": \"fake\"} x").startsWith("spec: line 1, column "));
        assertTrue(error("{\"method\": \"fake\"} {}").contains("malformed JSON"));
    }

    @Test
    void nanLiteralsAreNotJson() {
        assertTrue(error("{\"parameters\": {\"lr\": NaN}}").contains("malformed JSON"));
    }

    @Test
    void topLevelMustBeAnObject() {
        assertEquals("spec: expected a JSON object at the top level, got [1,2]", error("[1, 2]"));
        assertEquals("spec: empty; expected a JSON object", error("  "));
    }

    @Test
    void headerFieldsAreChecked() throws Exception {
        assertEquals("seed: -1 is out of range [0, 2147483647]", error("{\"seed\": -1}"));
        assertEquals("seed: expected an integer, got \"abc\"", error("{\"seed\": \"abc\"}"));
        assertEquals("seed: expected an integer, got 1.5", error("{\"seed\": 1.5}"));
        assertEquals(3, Spec.parse("{\"seed\": 3.0}").seed());
    }

    @Test
    void overrideParsesJsonLiteralsElseTakesAString() throws Exception {
        Spec spec = Spec.parse(SPEC);
        assertTrue(spec.withOverride("parameters.iterations", "100").json().at("/parameters/iterations").isInt());
        assertEquals(0.001, spec.withOverride("parameters.lr", "1e-3").json().at("/parameters/lr").doubleValue());
        assertTrue(spec.withOverride("parameters.tv", "false").json().at("/parameters/tv").isBoolean());
        assertEquals("hello world",
                spec.withOverride("data.source", "hello world").json().at("/data/source").textValue());
        assertEquals("42", spec.withOverride("data.source", "\"42\"").json().at("/data/source").textValue());
        assertEquals("", spec.withOverride("data.source", "").json().at("/data/source").textValue());
        assertEquals("[1", spec.withOverride("data.source", "[1").json().at("/data/source").textValue());
    }

    @Test
    void overrideRefusesNull() throws Exception {
        Spec spec = Spec.parse(SPEC);
        SpecException e = assertThrows(SpecException.class, () -> spec.withOverride("parameters.lr", "null"));
        assertEquals("parameters.lr: null is not allowed; leave the field out to use its default", e.getMessage());
    }

    @Test
    void overrideCreatesMissingSectionsAndLeavesTheOriginalAlone() throws Exception {
        Spec spec = Spec.parse("{\"method\": \"fake\"}");
        Spec changed = spec.withOverride("data.count", "4");
        assertEquals(4, changed.json().at("/data/count").intValue());
        assertFalse(spec.json().has("data"));
    }

    @Test
    void overrideOfTheHeaderIsCheckedAtOnce() throws Exception {
        Spec spec = Spec.parse(SPEC);
        assertEquals(11, spec.withOverride("seed", "11").seed());
        assertEquals("idlg", spec.withOverride("method", "idlg").method());
        assertEquals("seed: -3 is out of range [0, 2147483647]",
                assertThrows(SpecException.class, () -> spec.withOverride("seed", "-3")).getMessage());
    }

    @Test
    void overridePathsMustBeUsable() throws Exception {
        Spec spec = Spec.parse(SPEC);
        assertEquals("parameters..lr: not a field path (expected e.g. parameters.iterations)",
                assertThrows(SpecException.class, () -> spec.withOverride("parameters..lr", "1")).getMessage());
        assertEquals("method: is \"fake\", not a section; cannot set method.x",
                assertThrows(SpecException.class, () -> spec.withOverride("method.x", "1")).getMessage());
    }

    @Test
    void loadReadsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("spec.json");
        Files.writeString(file, SPEC);
        assertEquals(Spec.parse(SPEC), Spec.load(file));
    }
}
