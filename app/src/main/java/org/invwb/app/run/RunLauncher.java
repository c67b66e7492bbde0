package org.invwb.app.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.function.UnaryOperator;
import org.invwb.core.run.Job;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunStore;
import org.invwb.core.run.Snapshot;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;

/**
 * Starts a run the one way the command line and the window both use: the spec is resolved against the
 * registry, the run folder is created with every resolved value in its spec.json, and a job is wired to
 * write that folder. The same spec therefore gives the same numbers and the same folder from either.
 */
public final class RunLauncher {

    private static final DateTimeFormatter FOLDER_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final MethodRegistry registry;

    public RunLauncher(MethodRegistry registry) {
        this.registry = registry;
    }

    public MethodRegistry registry() {
        return registry;
    }

    /** The spec checked against its method, every default filled in. */
    public ResolvedSpec resolve(Spec spec) throws SpecException {
        return registry.resolve(spec);
    }

    /**
     * Creates the run folder and a job that writes it; nothing runs yet.
     *
     * @param spec          the spec as the user gave it (its description goes to spec.json)
     * @param resolved      {@code spec} resolved by {@link #resolve}
     * @param runDir        the folder to create; it must not exist or be empty
     * @param device        where to compute, as the method parses it ("cpu", "gpu:0")
     * @param snapshotEvery how often the job shows its consumers a snapshot (0: never)
     * @param storedEvery   how often the run folder keeps a snapshot as PNG (0: never); for the same
     *                      folder as the command line, pass the command line's {@code --snapshot-every}
     * @param watch         wraps the method, e.g. to catch bad input found during the run; identity otherwise
     */
    public PreparedRun prepare(Spec spec, ResolvedSpec resolved, Path runDir, String device, int snapshotEvery,
                               int storedEvery, UnaryOperator<MethodDescriptor> watch) throws IOException {
        MethodDescriptor method = registry.find(resolved.method()).orElseThrow();
        Job job = new Job(watch.apply(method), resolved, snapshotEvery, device);
        RunStore store = RunStore.create(runDir, spec, resolved);
        if (storedEvery == snapshotEvery) {
            job.addSink(store);
        } else {
            job.addSink(event -> {
                if (!(event instanceof Snapshot s) || (storedEvery > 0 && s.iteration() % storedEvery == 0)) {
                    store.accept(event);
                }
            });
        }
        return new PreparedRun(spec, resolved, job, store);
    }

    /**
     * A new, not yet existing folder in {@code runsDir} for a run of {@code method} started at {@code time}:
     * {@code idlg-20250131-142501}, with {@code -2}, {@code -3}... when that name is taken.
     */
    public static Path freshRunDir(Path runsDir, String method, LocalDateTime time) {
        String base = method + "-" + FOLDER_TIME.format(time);
        Path dir = runsDir.resolve(base);
        for (int n = 2; Files.exists(dir); n++) {
            dir = runsDir.resolve(base + "-" + n);
        }
        return dir;
    }
}
