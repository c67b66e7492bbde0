package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InvwbCommandTest {

    @Test
    void versionNamesTheProgramAndJava() {
        Cli.Result r = Cli.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("invwb "), r.out());
        assertTrue(r.out().contains("Java " + System.getProperty("java.version")), r.out());
    }

    @Test
    void noArgumentsPrintsUsageWithTheSubcommands() {
        Cli.Result r = Cli.run();
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("Usage: invwb"), r.out());
        for (String sub : new String[] {"run", "metrics", "describe"}) {
            assertTrue(r.out().contains("  " + sub + " "), sub + " missing from:\n" + r.out());
        }
    }

    @Test
    void unknownOptionIsBadInputWithoutUsageDump() {
        Cli.Result r = Cli.run("describe", "--frobnicate");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--frobnicate"), r.err());
        assertTrue(r.err().contains("invwb describe --help"), r.err());
    }
}
