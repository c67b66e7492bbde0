package org.invwb.app.gui;

import java.nio.file.Path;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.LoggerFactory;

/**
 * What the window remembers between sessions (java.util.prefs): where runs go, how often a run folder
 * keeps a snapshot, the compute device, the theme, teaching mode, the window's place and size, and the last spec in the Attack panel.
 * Each property is saved as soon as it changes.
 */
public final class Settings {

    /** The preferences node the application uses. */
    public static final String NODE = "/org/invwb/workbench";
    /** Same as the command line's default --snapshot-every. */
    public static final int DEFAULT_SNAPSHOT_EVERY = 10;

    private final Preferences prefs;
    private final ObjectProperty<Path> runsDir = new SimpleObjectProperty<>(this, "runsDir");
    private final IntegerProperty snapshotEvery = new SimpleIntegerProperty(this, "snapshotEvery");
    private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
    private final BooleanProperty teaching = new SimpleBooleanProperty(this, "teaching");
    private final StringProperty device = new SimpleStringProperty(this, "device");

    public Settings(Preferences prefs) {
        this.prefs = prefs;
        runsDir.set(Path.of(prefs.get("runsDir", defaultRunsDir().toString())));
        snapshotEvery.set(Math.max(0, prefs.getInt("snapshotEvery", DEFAULT_SNAPSHOT_EVERY)));
        dark.set(prefs.getBoolean("dark", false));
        runsDir.addListener((o, old, now) -> prefs.put("runsDir", now.toString()));
        snapshotEvery.addListener((o, old, now) -> prefs.putInt("snapshotEvery", now.intValue()));
        dark.addListener((o, old, now) -> prefs.putBoolean("dark", now));
        teaching.set(prefs.getBoolean("teaching", false));
        teaching.addListener((o, old, now) -> prefs.putBoolean("teaching", now));
        device.set(prefs.get("device", "cpu"));
        device.addListener((o, old, now) -> prefs.put("device", now));
    }

    /** The application's own settings. */
    public static Settings user() {
        return new Settings(Preferences.userRoot().node(NODE));
    }

    /** ~/invwb-runs */
    public static Path defaultRunsDir() {
        return Path.of(System.getProperty("user.home"), "invwb-runs");
    }

    public ObjectProperty<Path> runsDirProperty() {
        return runsDir;
    }

    public Path getRunsDir() {
        return runsDir.get();
    }

    /** How often a run folder keeps a snapshot PNG (0: never); the window itself shows every one. */
    public IntegerProperty snapshotEveryProperty() {
        return snapshotEvery;
    }

    public BooleanProperty darkProperty() {
        return dark;
    }

    /** Teaching mode: large type, the method's objective and explanation in the Live panel, samples at hand. */
    public BooleanProperty teachingProperty() {
        return teaching;
    }

    /** Where runs compute: "cpu" or "gpu:N" (as {@code ./invwb run --device} takes it). */
    public StringProperty deviceProperty() {
        return device;
    }

    /** x, y, width, height and maximised (1 or 0) of the main window, or null before the first close. */
    public double[] getWindow() {
        String s = prefs.get("window", null);
        if (s == null) {
            return null;
        }
        try {
            String[] parts = s.split(",");
            double[] v = new double[5];
            for (int i = 0; i < 5; i++) {
                v[i] = Double.parseDouble(parts[i]);
            }
            return v;
        } catch (RuntimeException e) {
            return null;
        }
    }

    public void setWindow(double x, double y, double width, double height, boolean maximised) {
        prefs.put("window", x + "," + y + "," + width + "," + height + "," + (maximised ? 1 : 0));
    }

    /** The spec the Attack panel held when the window last closed (JSON), or null. */
    public String getLastSpec() {
        return prefs.get("lastSpec", null);
    }

    public void setLastSpec(String json) {
        // Preferences values are limited to 8 KB; a spec is far smaller.
        if (json != null && json.length() < Preferences.MAX_VALUE_LENGTH) {
            prefs.put("lastSpec", json);
        }
    }

    /** Writes the settings out now (they are also written when the program ends). */
    public void flush() {
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // Not a static logger: the launcher reads the settings before logging is set up.
            LoggerFactory.getLogger(Settings.class).warn("settings not saved: {}", e.toString());
        }
    }
}
