package org.invwb.app.gui;

import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.collections.ObservableList;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;

/** Settings: where runs are stored, how often a run folder keeps a snapshot, the compute device, the theme. */
final class SettingsDialog {

    private SettingsDialog() {
    }

    /** A row's name, never cut short. */
    private static Label label(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** @param devices the devices the engine offers (cpu, gpu:N) */
    static void show(Window owner, Settings settings, ObservableList<String> devices) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Settings");
        dialog.setHeaderText("Inversion Workbench settings");
        TextField runsDir = new TextField(settings.getRunsDir().toString());
        runsDir.setPrefColumnCount(32);
        Button browse = new Button("Browse…");
        browse.setMinWidth(Region.USE_PREF_SIZE);
        browse.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            File current = new File(runsDir.getText());
            if (current.isDirectory()) {
                chooser.setInitialDirectory(current);
            }
            File chosen = chooser.showDialog(dialog.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                runsDir.setText(chosen.getAbsolutePath());
            }
        });
        HBox dirRow = new HBox(6, runsDir, browse);
        HBox.setHgrow(runsDir, Priority.ALWAYS);
        Spinner<Integer> every = new Spinner<>(0, 100_000, settings.snapshotEveryProperty().get());
        every.setEditable(true);
        ComboBox<String> device = new ComboBox<>(devices);
        device.setId("settings-device");
        device.setValue(settings.deviceProperty().get());
        Label deviceNote = new Label(devices.size() > 1 ? "runs started from now on use it"
                : "this libtorch sees no GPU; runs use the CPU");
        deviceNote.getStyleClass().add("hint");
        CheckBox dark = new CheckBox("Dark theme");
        dark.setSelected(settings.darkProperty().get());
        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        grid.setPadding(new Insets(10));
        grid.addRow(0, label("Runs directory"), dirRow);
        HBox everyRow = new HBox(6, every, new Label("iterations (0: none)"));
        everyRow.setAlignment(Pos.CENTER_LEFT);
        HBox deviceRow = new HBox(8, device, deviceNote);
        deviceRow.setAlignment(Pos.CENTER_LEFT);
        grid.addRow(1, label("Keep a snapshot PNG every"), everyRow);
        grid.addRow(2, label("Compute device"), deviceRow);
        grid.addRow(3, label("Theme"), dark);
        Label note = new Label("The window shows every snapshot; this sets what a run folder keeps, like ./invwb run --snapshot-every.");
        note.setWrapText(true);
        note.getStyleClass().add("hint");
        grid.add(note, 0, 4, 2, 1);
        note.setMaxWidth(640);
        dialog.getDialogPane().setContent(grid);
        dialog.getDialogPane().setMinWidth(Region.USE_PREF_SIZE);
        dialog.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dialog.showAndWait().filter(b -> b == ButtonType.OK).ifPresent(b -> {
            String dir = runsDir.getText().strip();
            if (!dir.isEmpty()) {
                settings.runsDirProperty().set(Path.of(dir).toAbsolutePath().normalize());
            }
            settings.snapshotEveryProperty().set(every.getValue());
            if (device.getValue() != null) {
                settings.deviceProperty().set(device.getValue());
            }
            settings.darkProperty().set(dark.isSelected());
            settings.flush();
        });
    }
}
