package org.invwb.app.gui;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.stage.Window;

/** The window's message boxes: short, readable text, never a stack trace. */
final class Dialogs {

    private Dialogs() {
    }

    static void error(Window owner, String header, String text) {
        alert(Alert.AlertType.ERROR, owner, header, text).show();
    }

    /** Asks; true when the user chose {@code yes}. */
    static boolean confirm(Window owner, String header, String text, String yes, String no) {
        ButtonType yesButton = new ButtonType(yes, ButtonBar.ButtonData.OK_DONE);
        ButtonType noButton = new ButtonType(no, ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = alert(Alert.AlertType.CONFIRMATION, owner, header, text);
        alert.getButtonTypes().setAll(yesButton, noButton);
        Optional<ButtonType> answer = alert.showAndWait();
        return answer.isPresent() && answer.get() == yesButton;
    }

    static void info(Window owner, String header, String text) {
        alert(Alert.AlertType.INFORMATION, owner, header, text).show();
    }

    private static Alert alert(Alert.AlertType type, Window owner, String header, String text) {
        Alert alert = new Alert(type);
        alert.initOwner(owner);
        alert.setTitle("Inversion Workbench");
        alert.setHeaderText(header);
        alert.getDialogPane().setContent(wrapped(text));
        return alert;
    }

    private static Label wrapped(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(520);
        label.setMinHeight(Label.USE_PREF_SIZE);
        return label;
    }
}
