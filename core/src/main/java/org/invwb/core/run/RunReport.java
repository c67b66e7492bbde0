package org.invwb.core.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything needed to read, compare and repeat a run: outcome, timing, device, seed, every parameter
 * value used and the software versions. Written as the run folder's report.json.
 */
public record RunReport(String status, String method, long seed, String device, int iterations, double seconds,
        Map<String, Object> parameters, Map<String, Object> metrics, boolean converged, String note, String reason,
        String startedAt, Map<String, String> versions) {

    public static final String RUNNING = "running";
    public static final String DONE = "done";
    public static final String CANCELLED = "cancelled";
    public static final String FAILED = "failed";

    /** Versions of components that start later than this class loads (the compute engine). */
    private static final Map<String, String> COMPONENT_VERSIONS = new java.util.concurrent.ConcurrentSkipListMap<>();

    public RunReport {
        parameters = ordered(parameters);
        metrics = ordered(metrics);
        versions = ordered(versions);
    }

    /** The report of a run that has started and not ended: what a folder says if the process dies. */
    public static RunReport running(ResolvedSpec spec, String startedAt) {
        return new RunReport(RUNNING, spec.method(), spec.seed(), null, 0, 0, spec.asMap(), Map.of(), false,
                null, null, startedAt, currentVersions());
    }

    /** Adds a component (e.g. the engine) to the versions every later report records. */
    public static void registerVersion(String component, String version) {
        COMPONENT_VERSIONS.put(component, version);
    }

    /** This program's version ("dev" outside a packaged build), Java's, the operating system's and the engine's. */
    public static Map<String, String> currentVersions() {
        Map<String, String> v = new LinkedHashMap<>();
        String invwb = RunReport.class.getPackage().getImplementationVersion();
        v.put("invwb", invwb == null ? "dev" : invwb);
        v.put("java", System.getProperty("java.version"));
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.putAll(COMPONENT_VERSIONS);
        return v;
    }

    private static <V> Map<String, V> ordered(Map<String, V> map) {
        return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
