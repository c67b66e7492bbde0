package org.invwb.app.gui;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/** The Export button of the Live and Runs panels: each item asks where to save, then writes. */
final class ExportMenu {

    /** Writes one export to the file the user chose. */
    interface Writer {
        void write(Path file) throws IOException;
    }

    /** One kind of export: its menu text, the file name suggested after the run's name, and its writer. */
    record Item(String label, String suffix, String kind, Writer writer) {
    }

    private ExportMenu() {
    }

    /**
     * @param runDir the run exported (its name starts each suggested file name; the chooser opens there),
     *               or null when there is none
     */
    static MenuButton button(String id, Supplier<Path> runDir, List<Item> items) {
        MenuButton button = new MenuButton("Export", Icons.of(MaterialDesignE.EXPORT));
        button.setId(id);
        for (Item item : items) {
            MenuItem menuItem = new MenuItem(item.label());
            menuItem.setOnAction(e -> save(button, runDir.get(), item));
            button.getItems().add(menuItem);
        }
        return button;
    }

    private static void save(MenuButton owner, Path runDir, Item item) {
        if (runDir == null) {
            return;
        }
        String extension = item.suffix().substring(item.suffix().lastIndexOf('.'));
        FileChooser chooser = new FileChooser();
        chooser.setTitle(item.label().replace("…", ""));
        chooser.setInitialFileName(runDir.getFileName() + "-" + item.suffix());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(item.kind(), "*" + extension));
        if (runDir.toFile().isDirectory()) {
            chooser.setInitialDirectory(runDir.toFile());
        }
        File file = chooser.showSaveDialog(owner.getScene().getWindow());
        if (file == null) {
            return;
        }
        try {
            item.writer().write(file.toPath());
        } catch (IOException | RuntimeException e) {
            Dialogs.error(owner.getScene().getWindow(), "Not saved", file + ": " + e.getMessage());
        }
    }
}
