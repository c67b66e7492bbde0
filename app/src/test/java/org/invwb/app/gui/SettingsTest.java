package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsThenRemembersEachChange() {
        MemoryPreferences prefs = new MemoryPreferences();
        Settings first = new Settings(prefs);
        assertEquals(Settings.defaultRunsDir(), first.getRunsDir());
        assertTrue(first.getRunsDir().endsWith("invwb-runs"));
        assertEquals(Settings.DEFAULT_SNAPSHOT_EVERY, first.snapshotEveryProperty().get());
        assertNull(first.getWindow());
        first.runsDirProperty().set(Path.of("/data/runs"));
        first.snapshotEveryProperty().set(25);
        first.darkProperty().set(true);
        first.teachingProperty().set(true);
        assertEquals("cpu", first.deviceProperty().get());
        first.deviceProperty().set("gpu:1");
        first.setWindow(10, 20, 1300, 850, false);
        first.setLastSpec("{\"method\": \"dlg\"}");

        Settings again = new Settings(prefs);
        assertEquals(Path.of("/data/runs"), again.getRunsDir());
        assertEquals(25, again.snapshotEveryProperty().get());
        assertTrue(again.darkProperty().get());
        assertTrue(again.teachingProperty().get());
        assertEquals("gpu:1", again.deviceProperty().get());
        assertArrayEquals(new double[] {10, 20, 1300, 850, 0}, again.getWindow());
        assertEquals("{\"method\": \"dlg\"}", again.getLastSpec());
    }
}
