package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code invwb run --out} inside a folder that cannot be written: one line naming the folder, exit 2. */
class ReadOnlyOutputTest {

    private static final String IDLG = "{\"method\": \"idlg\", \"seed\": 0, \"data\": {\"source\": \"bundled:photos\"},"
            + " \"parameters\": {\"iterations\": 2}}";

    @TempDir
    Path dir;

    @Test
    void aReadOnlyOutputFolderIsNamedInOneLine() throws Exception {
        Path spec = Files.writeString(dir.resolve("spec.json"), IDLG);
        Path locked = Files.createDirectory(dir.resolve("locked"));
        boolean immutable = lock(locked);
        try {
            Cli.Result r = Cli.run("run", spec.toString(), "--out", locked.resolve("run").toString());
            assertEquals(2, r.exitCode(), r.out() + r.err());
            assertTrue(r.err().contains(locked.toString()), "stderr should name " + locked + ":\n" + r.err());
            assertTrue(r.err().contains("read-only"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(Files.exists(locked.resolve("run")));
        } finally {
            unlock(locked, immutable);
        }
    }

    /**
     * Makes {@code folder} unwritable: permissions r-x, and where that does not stop this user (root),
     * the immutable attribute; skips the test where neither can.
     *
     * @return whether the immutable attribute was set
     */
    private static boolean lock(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!writable(folder)) {
            return false;
        }
        boolean immutable = chattr("+i", folder);
        assumeTrue(immutable && !writable(folder), "cannot make a folder read-only for this user here");
        return true;
    }

    private static void unlock(Path folder, boolean immutable) throws Exception {
        if (immutable) {
            chattr("-i", folder);
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static boolean writable(Path folder) {
        try {
            Files.delete(Files.createDirectory(folder.resolve("probe")));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean chattr(String flag, Path folder) throws InterruptedException {
        try {
            return new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start()
                    .waitFor() == 0;
        } catch (IOException e) {
            return false; // no chattr here
        }
    }
}
