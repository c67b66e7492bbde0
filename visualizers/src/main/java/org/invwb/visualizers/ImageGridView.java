package org.invwb.visualizers;

import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.SnapshotParameters;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.invwb.core.data.FloatImage;

/**
 * Rows of images, each row with a title and each image with an optional caption, scaled together to
 * fit the view: small images are magnified by a whole factor with nearest-neighbour sampling, so
 * every pixel stays a crisp square (a 32×32 reconstruction must show its pixels, not a blur).
 * Images of one position line up across rows (ground truth above its matched reconstruction).
 */
public class ImageGridView extends Region {

    /** One row: its title, its images and, optionally, one caption per image (fewer is fine). */
    public record Row(String title, List<FloatImage> images, List<String> captions) {

        public Row {
            title = title == null ? "" : title;
            images = images == null ? List.of() : List.copyOf(images);
            captions = captions == null ? List.of() : List.copyOf(captions);
        }

        public Row(String title, List<FloatImage> images) {
            this(title, images, List.of());
        }
    }

    private static final double PAD = 8;
    private static final double GAP = 6;

    private final Canvas canvas = new Canvas();
    private final Label placeholder = new Label();
    private final List<Label> titles = new ArrayList<>();
    private final List<List<Label>> captions = new ArrayList<>();
    private List<Row> rows = List.of();
    // Converted images, reused while the same FloatImage object is shown (ground truth stays, snapshots change).
    private Map<FloatImage, WritableImage> converted = new IdentityHashMap<>();

    public ImageGridView() {
        getStyleClass().add("image-grid");
        placeholder.getStyleClass().add("image-grid-placeholder");
        placeholder.setAlignment(Pos.CENTER);
        placeholder.setWrapText(true);
        getChildren().addAll(canvas, placeholder);
        setMinSize(60, 60);
    }

    /** The text shown while there are no images. */
    public void setPlaceholder(String text) {
        placeholder.setText(text);
    }

    public List<Row> getRows() {
        return rows;
    }

    /** Replaces what is shown. Call on the FX thread. */
    public void setRows(List<Row> newRows) {
        rows = List.copyOf(newRows);
        Map<FloatImage, WritableImage> next = new IdentityHashMap<>();
        for (Row row : rows) {
            for (FloatImage img : row.images()) {
                WritableImage fx = converted.get(img);
                next.put(img, fx != null ? fx : FxImages.toImage(img));
            }
        }
        converted = next;
        rebuildLabels();
        requestLayout();
    }

    /** Shows nothing (the placeholder). */
    public void clear() {
        setRows(List.of());
    }

    /** The grid as drawn now, titles and captions included, as a PNG file. */
    public void writePng(Path file) throws IOException {
        SnapshotParameters params = new SnapshotParameters();
        params.setFill(Color.WHITE);
        FxImages.writePng(snapshot(params, null), file);
    }

    private boolean empty() {
        return rows.stream().allMatch(r -> r.images().isEmpty());
    }

    private void rebuildLabels() {
        getChildren().removeAll(titles);
        captions.forEach(getChildren()::removeAll);
        titles.clear();
        captions.clear();
        for (Row row : rows) {
            Label title = new Label(row.title());
            title.getStyleClass().add("image-grid-title");
            titles.add(title);
            List<Label> rowCaptions = new ArrayList<>();
            for (int i = 0; i < row.images().size() && i < row.captions().size(); i++) {
                Label caption = new Label(row.captions().get(i));
                caption.getStyleClass().add("image-grid-caption");
                caption.setAlignment(Pos.CENTER);
                caption.setWrapText(true);
                caption.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
                rowCaptions.add(caption);
            }
            captions.add(rowCaptions);
        }
        getChildren().addAll(titles);
        captions.forEach(getChildren()::addAll);
        placeholder.setVisible(empty());
    }

    @Override
    protected double computePrefWidth(double height) {
        return 320;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 260;
    }

    @Override
    protected void layoutChildren() {
        Insets in = getInsets();
        double w = getWidth() - in.getLeft() - in.getRight();
        double h = getHeight() - in.getTop() - in.getBottom();
        placeholder.resizeRelocate(in.getLeft(), in.getTop(), w, h);
        canvas.relocate(in.getLeft(), in.getTop());
        canvas.setWidth(Math.max(0, w));
        canvas.setHeight(Math.max(0, h));
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (empty() || w <= 2 * PAD || h <= 2 * PAD) {
            titles.forEach(t -> t.setVisible(false));
            captions.forEach(cs -> cs.forEach(c -> c.setVisible(false)));
            return;
        }
        int columns = 1;
        int imageW = 1;
        int imageH = 1;
        for (Row row : rows) {
            columns = Math.max(columns, row.images().size());
            for (FloatImage img : row.images()) {
                imageW = Math.max(imageW, img.width());
                imageH = Math.max(imageH, img.height());
            }
        }
        double titleH = titles.isEmpty() ? 0 : titles.get(0).prefHeight(-1);
        boolean anyCaption = captions.stream().anyMatch(cs -> !cs.isEmpty());
        double captionH = anyCaption ? captions.stream().filter(cs -> !cs.isEmpty())
                .findFirst().get().get(0).prefHeight(-1) : 0;
        GridGeometry geo = GridGeometry.fit(w - 2 * PAD, h - 2 * PAD, columns, rows.size(), imageW, imageH,
                titleH + captionH + 2, GAP);
        // A caption wider than its image wraps under it rather than run into its neighbour's.
        double wrapped = captionH;
        for (List<Label> cs : captions) {
            for (Label c : cs) {
                wrapped = Math.max(wrapped, c.prefHeight(geo.cellW()));
            }
        }
        if (wrapped > captionH) {
            captionH = wrapped;
            geo = GridGeometry.fit(w - 2 * PAD, h - 2 * PAD, columns, rows.size(), imageW, imageH,
                    titleH + captionH + 2, GAP);
        }
        // Centre the whole grid vertically too.
        double gridH = rows.size() * (titleH + captionH + 2 + geo.cellH()) + (rows.size() - 1) * GAP;
        double y = PAD + Math.max(0, (h - 2 * PAD - gridH) / 2);
        double x0 = PAD + geo.left();
        g.setImageSmoothing(geo.scale() < 1);
        g.setFill(Color.gray(0.5, 0.6));
        for (int r = 0; r < rows.size(); r++) {
            Row row = rows.get(r);
            Label title = titles.get(r);
            title.setVisible(true);
            title.resizeRelocate(in.getLeft() + x0, in.getTop() + y, Math.max(title.prefWidth(-1), geo.cellW()), titleH);
            y += titleH + 2;
            List<Label> rowCaptions = captions.get(r);
            for (int i = 0; i < row.images().size(); i++) {
                FloatImage img = row.images().get(i);
                double iw = img.width() * geo.scale();
                double ih = img.height() * geo.scale();
                double cx = x0 + i * (geo.cellW() + GAP);
                double ix = Math.round(cx + (geo.cellW() - iw) / 2);
                double iy = Math.round(y + (geo.cellH() - ih) / 2);
                // A one-pixel frame behind the image, then the image: nothing is drawn over its pixels.
                g.fillRect(ix - 1, iy - 1, iw + 2, ih + 2);
                g.drawImage(converted.get(img), ix, iy, iw, ih);
                if (i < rowCaptions.size()) {
                    Label caption = rowCaptions.get(i);
                    caption.setVisible(true);
                    caption.resizeRelocate(in.getLeft() + cx, in.getTop() + y + geo.cellH(), geo.cellW(), captionH);
                }
            }
            y += geo.cellH() + captionH + GAP;
        }
    }
}
