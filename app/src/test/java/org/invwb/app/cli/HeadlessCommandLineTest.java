package org.invwb.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The command line must work where there is no display: it never loads a JavaFX class. */
class HeadlessCommandLineTest {

    @Test
    void describeLoadsNoJavaFxClass() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-verbose:class", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "describe", "idlg"))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "describe finished");
        assertEquals(0, p.exitValue(), out.lines().filter(l -> !l.startsWith("[")).toList().toString());
        assertTrue(out.contains("idlg (gradient)"), "describe printed the method");
        assertTrue(out.contains("class,load] org.invwb.app.cli.Main "), "the verbose class log is read");
        List<String> fx = out.lines().filter(l -> l.contains("class,load] javafx.")
                || l.contains("class,load] com.sun.javafx.") || l.contains("class,load] org.invwb.app.gui.")).toList();
        assertTrue(fx.isEmpty(), "JavaFX classes loaded by the command line: " + fx);
        assertFalse(out.contains("org.invwb.app.gui.GuiLauncher source"), "the window's launcher stays unloaded");
    }

    /** The engine unpacks libtorch into a cache folder first; one that cannot be written is named, with the fix. */
    @Test
    void anUnwritableCacheFolderIsAClearMessage(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path notAFolder = java.nio.file.Files.writeString(tmp.resolve("file"), "a file, not a folder");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path spec = Path.of(System.getProperty("invwb.root"), "sample-projects", "gradient", "idlg.json");
        Process p = new ProcessBuilder(List.of(java, "-DDJL_CACHE_DIR=" + notAFolder.resolve("djl"),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run", spec.toString(),
                "--out", tmp.resolve("run").toString()))
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "run finished");
        assertEquals(ExitCode.BAD_INPUT, p.exitValue(), out);
        assertTrue(out.startsWith("invwb: cannot write the native-library cache folder " + notAFolder.resolve("djl")), out);
        assertFalse(out.contains("\tat "), "no stack trace: " + out);
    }

    @Test
    void theWindowsLauncherIsWhereMainLooksForIt() throws Exception {
        Class<?> launcher = Class.forName(Main.WINDOW_LAUNCHER, false, getClass().getClassLoader());
        assertEquals(void.class, launcher.getMethod("main", String[].class).getReturnType());
    }
}
