package org.invwb.app.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the sample projects are, for the window's File → Open sample and the studies that run them. */
public final class SampleProjects {

    private SampleProjects() {
    }

    /** Beside the program ({@code invwb.home}), or in the source tree; null when neither has them. */
    public static Path find() {
        for (String property : new String[] {"invwb.home", "invwb.root"}) {
            String home = System.getProperty(property);
            if (home != null && Files.isDirectory(Path.of(home, "sample-projects"))) {
                return Path.of(home, "sample-projects");
            }
        }
        Path here = Path.of("sample-projects").toAbsolutePath();
        return Files.isDirectory(here) ? here : null;
    }
}
