package org.invwb.app.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.invwb.app.run.SpecFiles;
import org.invwb.core.run.Spec;
import org.invwb.core.run.SpecException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The spec file and its command-line overrides, shared by the commands that run specs. */
final class SpecInput {

    @Parameters(index = "0", paramLabel = "SPEC", description = "the experiment's spec file (JSON)")
    private Path specFile;

    @Option(names = "--images", paramLabel = "PATH",
            description = "the client's images (file or folder), i.e. --set data.source=PATH; any size is resized")
    private Path images;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "override one spec value, e.g. --set parameters.lr=0.5 or --set data.index=3 (repeatable)")
    private List<String> assignments = new ArrayList<>();

    @Option(names = "--iterations", paramLabel = "N", description = "i.e. --set parameters.iterations=N")
    private Integer iterations;

    @Option(names = "--device", paramLabel = "cpu|gpu:N", defaultValue = "cpu",
            description = "where to compute (default: ${DEFAULT-VALUE})")
    private String device;

    /** The spec file with the --set values applied in order, then --images and --iterations, which thus win. */
    Spec load() throws SpecException, BadInputException, java.io.IOException {
        List<String> all = new ArrayList<>(assignments);
        if (images != null) {
            // Absolute, so that the spec.json in the run folder still finds the images from elsewhere.
            all.add("data.source=" + images.toAbsolutePath().normalize());
        }
        if (iterations != null) {
            all.add("parameters.iterations=" + iterations);
        }
        return SpecOverrides.apply(SpecFiles.load(specFile), all);
    }

    /** The --device value, checked; must run on the compute thread. */
    String device() throws BadInputException {
        return DeviceNames.check(device);
    }
}
