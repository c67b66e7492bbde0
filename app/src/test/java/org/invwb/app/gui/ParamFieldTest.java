package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamSet;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import org.junit.jupiter.api.Test;

class ParamFieldTest {

    private static final ParamSet IDLG = MethodRegistry.standard().find("idlg").orElseThrow().sections().get("parameters");

    private static ParamField field(String name) {
        return new ParamField("parameters", IDLG, IDLG.find(name));
    }

    @Test
    void startsAtTheDeclaredDefaultWrittenPlainly() {
        assertEquals("300", field("iterations").getText());
        assertEquals("1", field("lr").getText(), "1.0 is shown as 1");
        assertEquals("0.000001", field("stopBelow").getText());
        assertEquals("0.0001", field("convergedBelow").getText());
        assertTrue(field("lr").isValid());
        assertTrue(field("lr").isDefault());
    }

    @Test
    void anInvalidValueCarriesTheSpecValidatorsOwnMessage() throws Exception {
        ParamField lr = field("lr");
        lr.setText("abc");
        assertFalse(lr.isValid());
        SpecException expected = validatorMessage("{\"method\": \"idlg\", \"parameters\": {\"lr\": \"abc\"}}");
        assertEquals(expected.getMessage(), lr.errorProperty().get());
        assertTrue(lr.errorProperty().get().startsWith("parameters.lr: "), lr.errorProperty().get());

        ParamField iterations = field("iterations");
        iterations.setText("0");
        assertEquals("parameters.iterations: 0 is out of range [1, 100000]", iterations.errorProperty().get());
        iterations.setText("2.5");
        assertTrue(iterations.errorProperty().get().contains("integer"), iterations.errorProperty().get());
        iterations.setText(" 12 ");
        assertTrue(iterations.isValid(), "spaces around a number are fine, as with --set");
    }

    @Test
    void helpNamesRangeDefaultAndPaperValue() {
        String help = field("iterations").help();
        assertTrue(help.contains("L-BFGS steps"), help);
        assertTrue(help.contains("default 300"), help);
        assertTrue(help.contains("[1, 100000]"), help);
        assertTrue(help.contains("paper: 300"), help);
        assertEquals("[1, 100000]", field("iterations").prompt());
    }

    @Test
    void unitsAreShownInTheLabel() {
        ParamSet model = MethodRegistry.standard().find("idlg").orElseThrow().sections().get("model");
        assertEquals("imageSize (px)", new ParamField("model", model, model.find("imageSize")).label());
    }

    @Test
    void formatsNumbersAsJsonReadsThem() {
        assertEquals("1E-7", ParamField.format(1e-7));
        assertEquals("0.5", ParamField.format(0.5));
        assertEquals("100000", ParamField.format(100_000.0));
        assertEquals("true", ParamField.format(true));
    }

    private static SpecException validatorMessage(String json) {
        try {
            MethodRegistry.standard().resolve(Spec.parse(json));
            throw new AssertionError("expected the spec to be refused");
        } catch (SpecException e) {
            return e;
        }
    }
}
