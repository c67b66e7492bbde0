package org.invwb.core.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The process's resident memory (Java heap, native libtorch memory and code together), on Linux, and
 * the native part of it: resident bytes minus the Java heap's resident pages and the JVM's committed
 * non-heap pools (metaspace, code cache). The heap's resident pages are counted in
 * {@code /proc/self/smaps} over the address range the garbage collector reports for its heap, so heap
 * pages touched for the first time during a run do not read as native growth, whatever the JVM
 * options. What is left is libtorch's allocations plus the JVM's own native overhead (thread stacks,
 * direct buffers, the loaded libraries' code), so it overstates libtorch by a roughly constant amount.
 */
public final class ResidentMemory {

    private static final Pattern ADDRESS = Pattern.compile("0x([0-9a-fA-F]+)");
    private static final Pattern MAPPING = Pattern.compile("^([0-9a-f]+)-([0-9a-f]+) ");

    /** The heap's reserved address range [start, end), read once; null where the JVM does not say. */
    private static volatile long[] heapRange;
    private static volatile boolean heapRangeRead;

    private ResidentMemory() {
    }

    /** Resident bytes from /proc/self/status, or -1 where that file does not exist. */
    public static long bytes() {
        return procStatus(Path.of("/proc/self/status"), "VmRSS:");
    }

    /**
     * Resident bytes minus the Java heap's resident bytes and the JVM's committed non-heap memory, or -1
     * off Linux. Where the heap's address range is unknown (a runtime image without the collector's
     * diagnostic command), the heap in use stands in for its resident bytes: those pages are surely
     * resident, whereas most of a large committed heap may never have been touched.
     */
    public static long nativeBytes() {
        long resident = bytes();
        if (resident < 0) {
            return -1;
        }
        long heap = heapResidentBytes();
        if (heap < 0) {
            heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }
        return resident - heap - ManagementFactory.getMemoryMXBean().getNonHeapMemoryUsage().getCommitted();
    }

    /** Resident bytes of the Java heap's address range (from /proc/self/smaps), or -1 where unknown. */
    public static long heapResidentBytes() {
        long[] range = heapRange();
        if (range == null) {
            return -1;
        }
        long total = 0;
        boolean inHeap = false;
        try (BufferedReader in = Files.newBufferedReader(Path.of("/proc/self/smaps"))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                Matcher m = MAPPING.matcher(line);
                if (m.find()) {
                    long start = Long.parseUnsignedLong(m.group(1), 16);
                    long end = Long.parseUnsignedLong(m.group(2), 16);
                    inHeap = Long.compareUnsigned(start, range[0]) >= 0 && Long.compareUnsigned(end, range[1]) <= 0;
                } else if (inHeap && line.startsWith("Rss:")) {
                    total += 1024 * Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return total;
    }

    /**
     * The heap's reservation from the garbage collector's own report (the {@code GC.heap_info}
     * diagnostic command, in process): the lowest and highest address it names for its generations.
     */
    private static long[] heapRange() {
        if (!heapRangeRead) {
            try {
                Object info = ManagementFactory.getPlatformMBeanServer().invoke(
                        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcHeapInfo",
                        new Object[] {null}, new String[] {String[].class.getName()});
                heapRange = addressRange(String.valueOf(info));
            } catch (JMException | RuntimeException e) {
                heapRange = null;
            }
            heapRangeRead = true;
        }
        return heapRange;
    }

    /** The lowest and highest address in the heap part of a {@code GC.heap_info} report, or null. */
    static long[] addressRange(String heapInfo) {
        int metaspace = heapInfo.indexOf("Metaspace");
        Matcher m = ADDRESS.matcher(metaspace < 0 ? heapInfo : heapInfo.substring(0, metaspace));
        long lo = -1;
        long hi = 0;
        while (m.find()) {
            long a = Long.parseUnsignedLong(m.group(1), 16);
            lo = lo == -1 || Long.compareUnsigned(a, lo) < 0 ? a : lo;
            hi = Long.compareUnsigned(a, hi) > 0 ? a : hi;
        }
        return lo == -1 || lo == hi ? null : new long[] {lo, hi};
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
