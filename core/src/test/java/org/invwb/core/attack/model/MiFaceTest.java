package org.invwb.core.attack.model;

import org.invwb.core.run.RecordedRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.invwb.core.run.RunReport;
import org.junit.jupiter.api.Test;

class MiFaceTest {

    /**
     * On the shipped target, every private class reaches the asked-for confidence (γ = 0.1, so a target
     * probability of at least 0.9) within the paper's α, and the run scores one reconstruction per class.
     */
    @Test
    void drivesTheTargetsConfidenceInEachPrivateClassPastTheThreshold() throws Exception {
        RecordedRun run = RecordedRun.of("{\"method\": \"mi-face\", \"seed\": 0, \"parameters\":"
                + " {\"threshold\": 0.1}}");
        assertEquals(RunReport.DONE, run.report().status(), run.report().reason());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> descent = (Map<String, Map<String, Object>>) run.metrics().get("descent");
        assertEquals(List.of("5", "6", "7", "8", "9"), List.copyOf(descent.keySet()));
        for (Map<String, Object> c : descent.values()) {
            assertEquals("threshold", c.get("stop"), descent.toString());
            assertTrue(((Number) c.get("cost")).doubleValue() <= 0.1, descent.toString());
        }
        assertEquals(5, ((List<?>) run.metrics().get("perClass")).size());
    }
}
