package org.invwb.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunLauncherTest {

    @TempDir
    Path dir;

    @Test
    void freshRunFoldersAreNamedByMethodAndTimeAndNeverReused() throws Exception {
        LocalDateTime t = LocalDateTime.of(2025, 3, 4, 5, 6, 7);
        Path first = RunLauncher.freshRunDir(dir, "dlg", t);
        assertEquals(dir.resolve("dlg-20250304-050607"), first);
        Files.createDirectories(first);
        Path second = RunLauncher.freshRunDir(dir, "dlg", t);
        assertEquals(dir.resolve("dlg-20250304-050607-2"), second);
        assertFalse(Files.exists(second));
    }
}
