package org.invwb.core.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class ResidentMemoryTest {

    /** The heap range of each collector's report: lowest to highest address before the Metaspace lines. */
    @Test
    void readsTheHeapRangeOfEachCollectorsReport() {
        String g1 = " garbage-first heap   total 262144K, used 7024K [0x00000000f0000000, 0x0000000100000000)\n"
                + "  region size 1024K, 3 young (3072K), 2 survivors (2048K)\n"
                + " Metaspace       used 11233K, committed 11456K, reserved 1114112K\n"
                + "  class space    used 1353K, committed 1472K, reserved 1048576K [0x0000000800000000, 0x0000000840000000)\n";
        assertArrayEquals(new long[] {0xf0000000L, 0x100000000L}, ResidentMemory.addressRange(g1));
        String parallel = " PSYoungGen      total 113152K, used 27239K [0x0000000782700000, 0x000000078a500000, 0x0000000800000000)\n"
                + " ParOldGen       total 258048K, used 0K [0x0000000687400000, 0x0000000697000000, 0x0000000782700000)\n"
                + " Metaspace       used 11230K, committed 11456K, reserved 1114112K\n";
        assertArrayEquals(new long[] {0x687400000L, 0x800000000L}, ResidentMemory.addressRange(parallel));
        assertNull(ResidentMemory.addressRange("no heap here"));
    }

    /**
     * In this JVM (the build pre-touches a fixed heap) the heap's resident pages are about its committed
     * size, and what is left for native memory is positive and below the process's resident size.
     */
    @Test
    void heapPagesAreCountedApartFromNativeMemory() {
        long committed = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        long heap = ResidentMemory.heapResidentBytes();
        assertTrue(heap > 0.9 * committed && heap <= committed + (8 << 20), heap + " resident of " + committed);
        long resident = ResidentMemory.bytes();
        long nativeBytes = ResidentMemory.nativeBytes();
        assertTrue(nativeBytes > 0 && nativeBytes < resident - heap, nativeBytes + " of " + resident);
    }
}
