package org.invwb.app.gui;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** Icons for buttons and menus, all from one icon set so the window looks of a piece. */
final class Icons {

    private Icons() {
    }

    static FontIcon of(Ikon ikon) {
        FontIcon icon = FontIcon.of(ikon);
        icon.getStyleClass().add("icon");
        return icon;
    }
}
