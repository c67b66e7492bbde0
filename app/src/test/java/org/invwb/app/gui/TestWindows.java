package org.invwb.app.gui;

import javafx.stage.Stage;
import org.invwb.app.run.SampleProjects;

/** Opening the real window in the window tests, one way for all of them. */
final class TestWindows {

    /** The size the window tests run at; the README's screenshots are taken larger. */
    static final double WIDTH = 1200;
    static final double HEIGHT = 780;

    private TestWindows() {
    }

    /** The workbench window on {@code stage} with {@code settings} and the source tree's samples, shown. */
    static MainWindow open(Stage stage, Settings settings, double width, double height) {
        MainWindow window = WorkbenchApp.open(stage, settings, SampleProjects.find());
        stage.setWidth(width);
        stage.setHeight(height);
        stage.show();
        return window;
    }
}
