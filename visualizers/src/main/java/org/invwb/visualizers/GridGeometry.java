package org.invwb.visualizers;

/**
 * Where the images of a grid go in a given space: every cell has the size of the largest image times
 * one scale, chosen as large as fits. Upscaling uses a whole factor, so that each pixel of a small
 * image becomes an even square on screen; larger images are shrunk by whatever factor fits.
 *
 * @param scale  how much each image pixel is magnified (below 1: shrunk)
 * @param cellW  width of one image on screen
 * @param cellH  height of one image on screen
 * @param left   x of the first column (the grid is centred)
 */
public record GridGeometry(double scale, double cellW, double cellH, double left) {

    /**
     * @param width    space available, padding excluded
     * @param height   space available, padding excluded
     * @param columns  the most images in one row (at least 1)
     * @param rows     number of rows (at least 1)
     * @param imageW   the largest image width in pixels
     * @param imageH   the largest image height in pixels
     * @param rowExtra height each row needs besides its images (title, captions)
     * @param gap      space between cells and between rows
     */
    public static GridGeometry fit(double width, double height, int columns, int rows, int imageW, int imageH,
                                   double rowExtra, double gap) {
        double perCellW = (width - gap * (columns - 1)) / columns;
        double perCellH = (height - rows * rowExtra - gap * (rows - 1)) / rows;
        double scale = Math.min(perCellW / imageW, perCellH / imageH);
        if (!(scale > 0)) {
            scale = Math.min(1, 1.0 / Math.max(imageW, imageH)); // no room: draw a dot rather than nothing
        } else if (scale >= 1) {
            scale = Math.floor(scale);
        }
        double cellW = imageW * scale;
        double cellH = imageH * scale;
        double gridW = columns * cellW + (columns - 1) * gap;
        return new GridGeometry(scale, cellW, cellH, Math.max(0, (width - gridW) / 2));
    }
}
