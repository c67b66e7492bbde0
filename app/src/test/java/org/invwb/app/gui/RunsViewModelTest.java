package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunsViewModelTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private final QueuedUi ui = new QueuedUi();
    private AttackViewModel attack;
    private RunsViewModel runs;

    @BeforeEach
    void setUp() {
        RunQueue queue = new RunQueue(new RunLauncher(REGISTRY), () -> dir, () -> 10, ui, Runnable::run, LocalDateTime::now);
        attack = new AttackViewModel(REGISTRY, queue);
        runs = new RunsViewModel(() -> dir, attack, ui, Runnable::run);
    }

    private Path folder(String name, String status, String startedAt, String metrics) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("report.json"), "{\"status\": \"" + status + "\", \"method\": \"idlg\", \"seed\": 0,"
                + " \"device\": \"cpu\", \"iterations\": 3, \"seconds\": 4.25, \"parameters\": {}, \"metrics\": " + metrics
                + ", \"converged\": false, \"note\": \"finished 3 iterations\", \"reason\": null,"
                + " \"startedAt\": \"" + startedAt + "\", \"versions\": {}}");
        Files.writeString(run.resolve("spec.json"), "{\"method\": \"idlg\", \"seed\": 5, \"parameters\": {\"iterations\": 3}}");
        return run;
    }

    @Test
    void listsRunFoldersNewestFirstWithTheirNumbers() throws Exception {
        folder("idlg-old", "done", "2025-01-01T10:00:00Z", "{\"psnr\": 20.5, \"ssim\": 0.75}");
        folder("idlg-new", "cancelled", "2025-01-02T10:00:00Z", "{\"psnr\": null}");
        Files.createDirectories(dir.resolve("not-a-run"));
        runs.refresh();
        ui.runPending();
        assertEquals(2, runs.rows().size());
        RunsViewModel.RunRow newest = runs.rows().get(0);
        assertEquals("idlg-new", newest.name());
        assertEquals("cancelled", newest.status());
        assertNull(newest.psnr(), "a PSNR the report does not have is shown as missing");
        RunsViewModel.RunRow old = runs.rows().get(1);
        assertEquals(20.5, old.psnr());
        assertEquals(0.75, old.ssim());
        assertEquals(4.25, old.seconds());
        assertEquals(newest, runs.selectedProperty().get(), "the newest is selected");
        assertTrue(runs.folderTextProperty().get().startsWith("2 runs in "));
    }

    @Test
    void theSelectedRunShowsItsReportAndPicture() throws Exception {
        Path run = folder("idlg-1", "done", "2025-01-01T10:00:00Z", "{\"psnr\": 20.5, \"ssim\": 0.75}");
        runs.refresh();
        ui.runPending();
        String text = runs.selectedReportProperty().get();
        assertTrue(text.matches("(?s)status\\s+done.*"), text);
        assertTrue(text.contains("20.50 dB"), text);
        assertNull(runs.selectedImageProperty().get(), "no final.png in this folder");
        Files.write(run.resolve("final.png"), new byte[] {1});
        runs.refresh();
        ui.runPending();
        assertEquals(run.resolve("final.png"), runs.selectedImageProperty().get());
    }

    @Test
    void reRunLoadsTheRunsSpecIntoTheAttackPanel() throws Exception {
        folder("idlg-1", "done", "2025-01-01T10:00:00Z", "{}");
        runs.refresh();
        ui.runPending();
        boolean[] told = {false};
        runs.setOnRerun(() -> told[0] = true);
        assertTrue(runs.rerunSelected());
        assertTrue(told[0]);
        assertEquals("idlg", attack.getMethod().name());
        assertEquals("3", attack.field("parameters.iterations").orElseThrow().getText());
        assertEquals("5", attack.seedProperty().get());
    }

    @Test
    void anUnreadableReportIsListedAsSuch() throws Exception {
        Path run = Files.createDirectories(dir.resolve("broken"));
        Files.writeString(run.resolve("report.json"), "{not json");
        runs.refresh();
        ui.runPending();
        assertEquals("unreadable", runs.rows().get(0).status());
        assertTrue(runs.selectedReportProperty().get().contains("cannot be read"), runs.selectedReportProperty().get());
    }
}
