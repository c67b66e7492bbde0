package org.invwb.core.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (Java heap, native libtorch memory and code together), on Linux, and
 * an estimate of the native part: resident bytes minus what the JVM has committed for its heap and its
 * non-heap pools (metaspace, code cache). What is left is libtorch's allocations plus the JVM's own
 * native overhead (thread stacks, direct buffers, the loaded libraries' code), so it overstates
 * libtorch by a roughly constant amount. Committed heap pages that were never touched are not resident,
 * so the estimate reads low (even negative) until the heap has been used through, and then grows as
 * the heap's pages are first touched: only with a pre-touched heap (-Xms equal to -Xmx and
 * -XX:+AlwaysPreTouch) is its growth over a run libtorch's growth.
 */
public final class ResidentMemory {

    private ResidentMemory() {
    }

    /** Resident bytes from /proc/self/status, or -1 where that file does not exist. */
    public static long bytes() {
        return procStatus(Path.of("/proc/self/status"), "VmRSS:");
    }

    /** Resident bytes minus the JVM's committed heap and non-heap memory, or -1 off Linux. */
    public static long nativeBytes() {
        long resident = bytes();
        if (resident < 0) {
            return -1;
        }
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        return resident - jvm.getHeapMemoryUsage().getCommitted() - jvm.getNonHeapMemoryUsage().getCommitted();
    }

    /** The machine's physical memory (MemTotal of /proc/meminfo), or -1 where that file does not exist. */
    public static long physicalBytes() {
        return procStatus(Path.of("/proc/meminfo"), "MemTotal:");
    }

    /** The kilobyte figure of the line that starts with {@code key}, in bytes. */
    private static long procStatus(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return 1024 * Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
