package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamValidationTest {

    private static final ParamSet PARAMS = ParamSet.of(
            ParamDecl.integer("iterations", 300, 1, 100000, "L-BFGS iterations").paper("300"),
            ParamDecl.real("lr", 0.1, 0, 10, "step size").unit("1/step"),
            ParamDecl.choice("optimizer", "adam", List.of("adam", "sgd", "lbfgs"), "optimizer"),
            ParamDecl.bool("tv", true, "total variation prior"),
            ParamDecl.text("label", "", "free text"));

    private static ParamValues parse(String json) throws Exception {
        return PARAMS.parse("parameters", Json.MAPPER.readTree(json));
    }

    private static String error(String json) {
        return assertThrows(SpecException.class, () -> parse(json)).getMessage();
    }

    @Test
    void unknownFieldListsTheAllowedOnes() {
        assertEquals("parameters.foo: unknown field; allowed: iterations, lr, optimizer, tv, label",
                error("{\"foo\": 1}"));
    }

    @Test
    void wrongTypeNamesWhatWasExpectedAndWhatCame() {
        assertEquals("parameters.lr: expected a number, got \"abc\"", error("{\"lr\": \"abc\"}"));
        assertEquals("parameters.tv: expected true or false, got \"yes\"", error("{\"tv\": \"yes\"}"));
        assertEquals("parameters.lr: expected a number, got null", error("{\"lr\": null}"));
        assertEquals("parameters.label: expected a string, got [1]", error("{\"label\": [1]}"));
    }

    @Test
    void outOfRangeShowsTheRange() {
        assertEquals("parameters.iterations: 0 is out of range [1, 100000]", error("{\"iterations\": 0}"));
        assertEquals("parameters.lr: 10.5 is out of range [0, 10]", error("{\"lr\": 10.5}"));
    }

    @Test
    void oneSidedRangeNamesTheBound() throws Exception {
        ParamSet set = ParamSet.of(new ParamDecl("sigma", ParamType.DOUBLE, 1.0, 0.0, null, null, null, null,
                "noise", null, false));
        SpecException e = assertThrows(SpecException.class,
                () -> set.parse("defense", Json.MAPPER.readTree("{\"sigma\": -1}")));
        assertEquals("defense.sigma: -1 is below the minimum 0", e.getMessage());
        assertEquals(1e9, set.parse("defense", Json.MAPPER.readTree("{\"sigma\": 1e9}")).getDouble("sigma"));
    }

    @Test
    void badChoiceListsTheAllowedValues() {
        assertEquals("parameters.optimizer: \"rmsprop\" is not one of: adam, sgd, lbfgs",
                error("{\"optimizer\": \"rmsprop\"}"));
    }

    @Test
    void integersAcceptIntegralNumbersOnly() throws Exception {
        assertEquals(3, parse("{\"iterations\": 3}").getInt("iterations"));
        assertEquals(3, parse("{\"iterations\": 3.0}").getInt("iterations"));
        assertEquals(Integer.class, parse("{\"iterations\": 3.0}").asMap().get("iterations").getClass());
        assertEquals("parameters.iterations: expected an integer, got 3.5", error("{\"iterations\": 3.5}"));
        assertEquals("parameters.iterations: 1.0E20 is out of range [1, 100000]", error("{\"iterations\": 1e20}"));
    }

    @Test
    void missingFieldsTakeTheirDefaultsInDeclaredOrder() throws Exception {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("iterations", 300);
        expected.put("lr", 0.1);
        expected.put("optimizer", "adam");
        expected.put("tv", false);
        expected.put("label", "");
        assertEquals(expected, parse("{\"tv\": false}").asMap());
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(parse("{\"tv\": false}").asMap().keySet()));
    }

    @Test
    void nonFiniteNumbersAreRefused() throws Exception {
        // 1e400 overflows to Infinity when read: valid JSON, but not a usable value.
        assertEquals("parameters.lr: expected a finite number, got Infinity", error("{\"lr\": 1e400}"));
        ParamValues defaults = PARAMS.defaults();
        assertEquals("lr: expected a finite number, got NaN",
                assertThrows(SpecException.class, () -> defaults.with("lr", Double.NaN)).getMessage());
    }

    @Test
    void sectionMustBeAnObject() throws Exception {
        JsonNode array = Json.MAPPER.readTree("[1]");
        assertEquals("parameters: expected an object, got [1]",
                assertThrows(SpecException.class, () -> PARAMS.parse("parameters", array)).getMessage());
    }

    @Test
    void textAcceptsNumbersBecauseOverridesCannotKnowTheType() throws Exception {
        assertEquals("42", parse("{\"label\": 42}").getString("label"));
    }

    @Test
    void describeIsOneReadableLine() {
        assertEquals("iterations  int  default 300  range [1, 100000]  — L-BFGS iterations (paper: 300)",
                PARAMS.find("iterations").describe());
        assertEquals("lr  real  default 0.1 1/step  range [0, 10]  — step size", PARAMS.find("lr").describe());
        assertEquals("optimizer  choice  default adam  one of adam, sgd, lbfgs  — optimizer",
                PARAMS.find("optimizer").describe());
        assertEquals("label  text  default \"\"  — free text", PARAMS.find("label").describe());
    }

    @Test
    void declarationsRefuseInvalidDefaults() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ParamDecl.integer("iterations", 0, 1, 10, "x"));
        assertEquals("bad default: iterations: 0 is out of range [1, 10]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ParamDecl.choice("opt", "x", List.of("a"), "x"));
        assertThrows(IllegalArgumentException.class,
                () -> ParamSet.of(ParamDecl.bool("a", true, ""), ParamDecl.bool("a", false, "")));
    }

    @Test
    void withersKeepEverythingElse() {
        ParamDecl d = ParamDecl.real("lr", 0.1, 0, 10, "step").unit("1").group("optimizer").paper("0.1").live();
        assertEquals(new ParamDecl("lr", ParamType.DOUBLE, 0.1, 0.0, 10.0, List.of(), "1", "optimizer", "step",
                "0.1", true), d);
        assertEquals("general", ParamDecl.bool("b", true, "").group());
    }

    @Test
    void gettersAreTyped() throws Exception {
        ParamValues v = parse("{\"iterations\": 7}");
        assertEquals(7L, v.getLong("iterations"));
        assertEquals(7.0, v.getDouble("iterations"));
        assertEquals("adam", v.getString("optimizer"));
        assertTrue(v.getBoolean("tv"));
        IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> v.getInt("lr"));
        assertEquals("parameter \"lr\" is of type real, not int", wrongType.getMessage());
        assertThrows(IllegalArgumentException.class, () -> v.getInt("nope"));
    }

    @Test
    void withMakesAValidatedCopy() throws Exception {
        ParamValues v = PARAMS.defaults();
        ParamValues changed = v.with("iterations", 50);
        assertEquals(50, changed.getInt("iterations"));
        assertEquals(300, v.getInt("iterations"));
        assertEquals("iterations: 0 is out of range [1, 100000]",
                assertThrows(SpecException.class, () -> v.with("iterations", 0)).getMessage());
    }
}
