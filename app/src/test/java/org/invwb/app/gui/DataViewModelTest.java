package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.invwb.app.gui.DataViewModel.ClassCount;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.data.PngCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataViewModelTest {

    @TempDir
    Path dir;

    private final QueuedUi ui = new QueuedUi();
    private final DataViewModel data = new DataViewModel(ui, Runnable::run);

    private void show(String source) {
        data.sourceProperty().set(source);
        data.load();
        ui.runPending();
    }

    @Test
    void aBundledSetIsPagedWithItsLabelsAndClassCounts() {
        assertTrue(data.choices().contains("bundled:mnist-test"), data.choices().toString());
        show("bundled:mnist-test");
        ImageBatch batch = data.batchProperty().get();
        assertEquals("1000 images · grey 28×28 · 10 classes", data.summaryProperty().get());
        assertEquals(10, data.classCounts().size());
        assertEquals(1000, data.classCounts().stream().mapToInt(ClassCount::count).sum());
        assertEquals(25, data.pageCountProperty().get());
        assertEquals("images 1–40 of 1000", data.pageTextProperty().get());
        assertEquals(40, data.pageImagesProperty().get().size());

        data.nextPage();
        assertEquals("images 41–80 of 1000", data.pageTextProperty().get());
        // Each image is captioned with its own label's class name.
        assertEquals(batch.classNames().get(batch.labels()[40]), data.pageCaptionsProperty().get().get(0));
        assertEquals(batch.image(79).get(0, 14, 14), data.pageImagesProperty().get().get(39).get(0, 14, 14));
        data.pageProperty().set(24);
        data.nextPage();
        assertEquals("images 961–1000 of 1000", data.pageTextProperty().get(), "the last page stays the last");
    }

    @Test
    void classCountsIncludeEmptyClassesInLabelOrder() {
        ImageBatch b = new ImageBatch(new float[3], 3, 1, 1, 1, new int[] {2, 0, 2}, 3, List.of("cat", "dog", "emu"));
        assertEquals(List.of(new ClassCount(0, "cat", 1), new ClassCount(1, "dog", 0), new ClassCount(2, "emu", 2)),
                DataViewModel.countClasses(b));
    }

    @Test
    void unlabelledImagesAreNumbered() throws Exception {
        Path folder = dir.resolve("pictures");
        java.nio.file.Files.createDirectories(folder);
        PngCodec.write(new FloatImage(3, 4, 6, new float[72]), folder.resolve("a.png"));
        PngCodec.write(new FloatImage(3, 4, 6, new float[72]), folder.resolve("b.png"));
        show(folder.toString());
        assertEquals("2 images · colour 4×6 · no labels", data.summaryProperty().get());
        assertEquals(List.of("#1", "#2"), data.pageCaptionsProperty().get());
        assertTrue(data.classCounts().isEmpty());
    }

    @Test
    void anUnreadableSourceSaysWhyAndShowsNothing() {
        show("bundled:mnist-test");
        show(dir.resolve("missing").toString());
        assertNull(data.batchProperty().get());
        assertEquals(Notice.Tone.ERROR, data.noticeProperty().get().tone());
        assertTrue(data.noticeProperty().get().text().contains("no such file or folder"), data.noticeProperty().get().text());
        assertEquals("", data.summaryProperty().get());
        assertTrue(data.pageImagesProperty().get().isEmpty());
        show("bundled:cifar");
        assertTrue(data.noticeProperty().get().text().startsWith("unknown bundled data set 'cifar'; available: "),
                data.noticeProperty().get().text());
    }
}
