package org.invwb.visualizers;

import java.util.List;
import java.util.function.IntConsumer;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;

/**
 * A row of thumbnails of the states along a trajectory (a diffusion run's x_t, step by step), the
 * selected one framed; clicking one selects it and tells {@link #setOnSelect the listener}. The caller
 * makes each thumbnail image once; the strip only scales it, so a repaint redraws no pixels of its own.
 * Cells carry the style class {@value #CELL_CLASS} and the pseudo-class {@code :selected}.
 */
public final class TrajectoryStrip extends ScrollPane {

    public static final String CELL_CLASS = "trajectory-cell";
    /** Shown height and width of a thumbnail. */
    public static final double THUMBNAIL = 44;
    private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");

    private final HBox cells = new HBox(3);
    private IntConsumer onSelect = i -> { };
    private int selected = -1;

    public TrajectoryStrip() {
        getStyleClass().add("trajectory-strip");
        cells.setAlignment(Pos.CENTER_LEFT);
        cells.setPadding(new Insets(2));
        setContent(cells);
        setFitToHeight(true);
        setVbarPolicy(ScrollBarPolicy.NEVER);
        setHbarPolicy(ScrollBarPolicy.AS_NEEDED);
        setMinViewportHeight(THUMBNAIL + 10);
        setPrefViewportHeight(THUMBNAIL + 10);
    }

    /** Appends a state's thumbnail; {@code caption} is its tooltip. */
    public void add(Image thumbnail, String caption) {
        int index = cells.getChildren().size();
        ImageView view = new ImageView(thumbnail);
        view.setFitWidth(THUMBNAIL);
        view.setFitHeight(THUMBNAIL);
        view.setPreserveRatio(true);
        view.setSmooth(false);
        StackPane cell = new StackPane(view);
        cell.getStyleClass().add(CELL_CLASS);
        cell.pseudoClassStateChanged(SELECTED, index == selected);
        Tooltip.install(cell, new Tooltip(caption));
        cell.setOnMouseClicked(e -> {
            select(index);
            onSelect.accept(index);
        });
        cells.getChildren().add(cell);
    }

    /** Replaces every cell, keeping the selection's index where it still exists. */
    public void setAll(List<Image> thumbnails, List<String> captions) {
        cells.getChildren().clear();
        for (int i = 0; i < thumbnails.size(); i++) {
            add(thumbnails.get(i), captions.get(i));
        }
    }

    public int size() {
        return cells.getChildren().size();
    }

    /** Index of the framed thumbnail; −1 for none. */
    public int selected() {
        return selected;
    }

    /** Frames thumbnail {@code index} (−1 for none) and scrolls it into view. */
    public void select(int index) {
        if (selected >= 0 && selected < size()) {
            cells.getChildren().get(selected).pseudoClassStateChanged(SELECTED, false);
        }
        selected = index;
        if (index >= 0 && index < size()) {
            cells.getChildren().get(index).pseudoClassStateChanged(SELECTED, true);
            reveal(index);
        }
    }

    /** Called with the index of a thumbnail the user clicked. */
    public void setOnSelect(IntConsumer onSelect) {
        this.onSelect = onSelect;
    }

    private void reveal(int index) {
        layout();
        double content = cells.getWidth();
        double view = getViewportBounds().getWidth();
        if (content <= view || view <= 0) {
            return;
        }
        var cell = cells.getChildren().get(index).getBoundsInParent();
        double left = getHvalue() * (content - view);
        if (cell.getMinX() < left || cell.getMaxX() > left + view) {
            setHvalue(Math.max(0, Math.min(1, (cell.getCenterX() - view / 2) / (content - view))));
        }
    }
}
