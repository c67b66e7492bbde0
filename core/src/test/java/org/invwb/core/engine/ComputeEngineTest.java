package org.invwb.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class ComputeEngineTest {

    @Test
    void defaultThreadsAreHalfTheCoresAtMostFour() {
        assertEquals(1, ComputeEngine.defaultThreads(1));
        assertEquals(1, ComputeEngine.defaultThreads(2));
        assertEquals(2, ComputeEngine.defaultThreads(4));
        assertEquals(3, ComputeEngine.defaultThreads(6));
        assertEquals(4, ComputeEngine.defaultThreads(16));
        assertEquals(4, ComputeEngine.defaultThreads(128));
    }

    @Test
    void theThreadSettingReachesLibtorch() {
        // The test JVM runs with -Dinvwb.threads=1 (surefire's configuration).
        assertEquals(Integer.parseInt(System.getProperty("invwb.threads")), ComputeEngine.threads());
        assertTrue(ComputeEngine.describe(Device.cpu()).endsWith(", 1 thread)"), ComputeEngine.describe(Device.cpu()));
    }
}
