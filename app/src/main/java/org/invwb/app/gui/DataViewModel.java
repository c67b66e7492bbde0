package org.invwb.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.invwb.core.data.BundledData;
import org.invwb.core.data.DataException;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.ImageSources;

/**
 * The Data panel (models are in the Models panel): a data source (a bundled set, or a folder, IDX or CIFAR
 * file) read as stored, shown a page of images at a time with their labels, with the count of each
 * class. Reading happens off the window's thread; a source that cannot be read gives its reader's message.
 */
public final class DataViewModel {

    /** One class of the data set and how many of its images the source holds. */
    public record ClassCount(int label, String name, int count) {
    }

    /** Images per page (the grid shows them in rows of {@value #COLUMNS}). */
    public static final int PAGE_SIZE = 40;
    public static final int COLUMNS = 10;

    private final Executor ui;
    private final Executor io;
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    private final StringProperty source = new SimpleStringProperty(this, "source", "bundled:fashion-mnist-train");
    private final ReadOnlyObjectWrapper<ImageBatch> batch = new ReadOnlyObjectWrapper<>(this, "batch");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "");
    private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>(this, "notice", Notice.NONE);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ObservableList<ClassCount> classCounts = FXCollections.observableArrayList();
    private final IntegerProperty page = new SimpleIntegerProperty(this, "page");
    private final ReadOnlyIntegerWrapper pageCount = new ReadOnlyIntegerWrapper(this, "pageCount");
    private final ReadOnlyObjectWrapper<List<FloatImage>> pageImages = new ReadOnlyObjectWrapper<>(this, "pageImages", List.of());
    private final ReadOnlyObjectWrapper<List<String>> pageCaptions = new ReadOnlyObjectWrapper<>(this, "pageCaptions", List.of());
    private final ReadOnlyStringWrapper pageText = new ReadOnlyStringWrapper(this, "pageText", "");
    private int generation;

    public DataViewModel(Executor ui, Executor io) {
        this.ui = ui;
        this.io = io;
        BundledData.names().forEach(n -> choices.add(ImageSources.BUNDLED_PREFIX + n));
        page.addListener((o, old, now) -> showPage());
    }

    /** The bundled data sets, as sources; the user may type or browse to any other. */
    public ObservableList<String> choices() {
        return choices;
    }

    /** "bundled:NAME", a folder, an IDX images file or a CIFAR .bin file. */
    public StringProperty sourceProperty() {
        return source;
    }

    /** The source as read, or null before one has been read (or after one failed). */
    public ReadOnlyObjectProperty<ImageBatch> batchProperty() {
        return batch.getReadOnlyProperty();
    }

    /** "2000 images · grey 28×28 · 10 classes". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Why the source could not be read, in its reader's words; NONE when it was. */
    public ReadOnlyObjectProperty<Notice> noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** One row per class, in label order; empty for unlabelled images. */
    public ObservableList<ClassCount> classCounts() {
        return classCounts;
    }

    /** The page shown, from 0. */
    public IntegerProperty pageProperty() {
        return page;
    }

    public ReadOnlyIntegerProperty pageCountProperty() {
        return pageCount.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<List<FloatImage>> pageImagesProperty() {
        return pageImages.getReadOnlyProperty();
    }

    /** Each image's label name (or "#index" when unlabelled). */
    public ReadOnlyObjectProperty<List<String>> pageCaptionsProperty() {
        return pageCaptions.getReadOnlyProperty();
    }

    /** "images 41–80 of 2000". */
    public ReadOnlyStringProperty pageTextProperty() {
        return pageText.getReadOnlyProperty();
    }

    /** Reads the source off the window's thread, then shows its first page. */
    public void load() {
        String what = source.get() == null ? "" : source.get().strip();
        if (what.isEmpty()) {
            notice.set(Notice.error("Name a data source: bundled:NAME, a folder, an IDX images file or a CIFAR .bin file"));
            return;
        }
        int mine = ++generation;
        loading.set(true);
        notice.set(Notice.info("Reading " + what + "…"));
        io.execute(() -> {
            ImageBatch read = null;
            String error = null;
            try {
                read = ImageSources.read(what);
            } catch (DataException e) {
                error = e.getMessage();
            } catch (RuntimeException | OutOfMemoryError e) {
                error = what + ": cannot be read (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")";
            }
            ImageBatch done = read;
            String problem = error;
            ui.execute(() -> {
                if (mine != generation) {
                    return; // another source was asked for meanwhile
                }
                loading.set(false);
                show(done, problem);
            });
        });
    }

    public void nextPage() {
        page.set(Math.min(page.get() + 1, Math.max(0, pageCount.get() - 1)));
    }

    public void previousPage() {
        page.set(Math.max(0, page.get() - 1));
    }

    /** Class counts of a batch: one per class of the data set (zero counts included), in label order. */
    static List<ClassCount> countClasses(ImageBatch b) {
        if (!b.labeled()) {
            return List.of();
        }
        int classes = b.numClasses();
        for (int label : b.labels()) {
            classes = Math.max(classes, label + 1);
        }
        int[] counts = new int[classes];
        for (int label : b.labels()) {
            counts[label]++;
        }
        List<ClassCount> out = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            out.add(new ClassCount(k, className(b, k), counts[k]));
        }
        return out;
    }

    private static String className(ImageBatch b, int label) {
        return label < b.classNames().size() ? b.classNames().get(label) : Integer.toString(label);
    }

    private void show(ImageBatch read, String error) {
        batch.set(read);
        if (read == null) {
            notice.set(Notice.error(error));
            summary.set("");
            classCounts.clear();
            pageCount.set(0);
            page.set(0);
            showPage();
            return;
        }
        notice.set(Notice.NONE);
        List<ClassCount> counts = countClasses(read);
        summary.set(String.format(Locale.ROOT, "%d %s · %s %d×%d · %s", read.count(), read.count() == 1 ? "image" : "images",
                read.channels() == 1 ? "grey" : read.channels() == 3 ? "colour" : read.channels() + " channels",
                read.height(), read.width(), counts.isEmpty() ? "no labels" : counts.size() + " classes"));
        classCounts.setAll(counts);
        pageCount.set((read.count() + PAGE_SIZE - 1) / PAGE_SIZE);
        if (page.get() == 0) {
            showPage();
        } else {
            page.set(0);
        }
    }

    private void showPage() {
        ImageBatch b = batch.get();
        // Captions first: a view redraws when the images change, and finds their captions already there.
        if (b == null || b.count() == 0) {
            pageCaptions.set(List.of());
            pageImages.set(List.of());
            pageText.set("");
            return;
        }
        int from = page.get() * PAGE_SIZE;
        int to = Math.min(b.count(), from + PAGE_SIZE);
        List<FloatImage> images = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int i = from; i < to; i++) {
            images.add(b.image(i));
            captions.add(b.labeled() ? className(b, b.labels()[i]) : "#" + (i + 1));
        }
        pageCaptions.set(captions);
        pageImages.set(images);
        pageText.set(String.format(Locale.ROOT, "images %d–%d of %d", from + 1, to, b.count()));
    }
}
