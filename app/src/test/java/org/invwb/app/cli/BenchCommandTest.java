package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    /** Each line names its setting and splits memory into native (libtorch) and the JVM's heap. */
    @Test
    void dlgLinesCarryNativeMemoryAndHeap() throws Exception {
        Cli.Result r = Cli.run("bench", "dlg", "--evaluations", "1", "--warm-up", "0");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        ObjectMapper json = new ObjectMapper();
        long lines = r.out().lines().count();
        assertEquals(4, lines, r.out());
        for (String line : r.out().lines().toList()) {
            JsonNode n = json.readTree(line);
            assertEquals("dlg", n.get("method").asText());
            long resident = n.get("residentBytes").asLong();
            long nativeBytes = n.get("nativeMemoryBytes").asLong();
            assertTrue(nativeBytes > 0 && nativeBytes < resident, line);
            assertTrue(n.get("heapBytes").asLong() > 0, line);
            assertTrue(n.get("evaluationsPerSecond").asDouble() > 0, line);
        }
    }

    /** The method-run benchmarks run the real method: a line per setting (edict: per precision) with a positive rate. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"edict", "gmi", "latent-optimization", "gifd"})
    void methodRunsAreTimedPerSetting(String method) throws Exception {
        Cli.Result r = Cli.run("bench", method, "--evaluations", "2", "--warm-up", "0");
        assertEquals(0, r.exitCode(), r.out() + r.err());
        java.util.List<String> lines = r.out().lines().toList();
        assertEquals(method.equals("edict") ? 2 : 1, lines.size(), r.out());
        for (String line : lines) {
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
            assertEquals(method, json.get("method").asText());
            assertTrue(json.get("evaluationsPerSecond").asDouble() > 0, line);
            assertTrue(json.get("nativeMemoryBytes").asLong() > 0, line);
        }
    }

    @Test
    void memoryNeedsTheEarlyMarkWithinTheRun() {
        Cli.Result r = Cli.run("bench", "memory", "--iterations", "999");
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("--iterations must be at least 1000"), r.err());
    }
}
