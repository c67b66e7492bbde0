package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {

    @Test
    void listsTheGradientMethods() {
        Cli.Result r = Cli.run("describe");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Pattern.compile("(?m)^gradient\\s+dlg\\s+Deep Leakage from Gradients$").matcher(r.out()).find(),
                r.out());
        assertTrue(Pattern.compile("(?m)^gradient\\s+idlg\\s+Improved Deep Leakage").matcher(r.out()).find(),
                r.out());
    }

    @Test
    void describesDlgWithItsPaperDefaults() {
        Cli.Result r = Cli.run("describe", "dlg");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("Zhu, Liu and Han"), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+iterations\\s+int\\s+default 300\\b").matcher(r.out()).find(), r.out());
        assertTrue(Pattern.compile("(?m)^\\s+lr\\s+real\\s+default 1\\b").matcher(r.out()).find(), r.out());
        for (String section : new String[] {"data:", "model:", "parameters:"}) {
            assertTrue(r.out().contains(section), section + " missing");
        }
    }

    @Test
    void unknownMethodNamesTheKnownOnes() {
        Cli.Result r = Cli.run("describe", "nosuch");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("nosuch"), r.err());
        assertTrue(r.err().contains("dlg") && r.err().contains("idlg"), r.err());
        assertEquals("", r.out());
    }
}
