package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.stream.Stream;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ParamSet;
import org.junit.jupiter.api.Test;

class TeachingContentTest {

    @Test
    void dlgHasItsObjectiveTermsAndExplanation() {
        MethodDescriptor dlg = MethodRegistry.standard().find("dlg").orElseThrow();
        TeachingContent c = TeachingContent.of(dlg);
        assertTrue(c.hasNotes());
        assertEquals(dlg.title(), c.title());
        assertEquals(dlg.citation(), c.citation());
        assertEquals("arg min", c.equation().operator());
        assertEquals("x̂, ŷ", c.equation().under(), "DLG optimises image and label");
        assertEquals("‖ ∇W(x̂, ŷ) − ∇W ‖²", c.equation().body());
        assertEquals(List.of("gradientDistance", "psnr", "ssim"), c.terms().stream().map(TeachingContent.Term::scalar).toList());
        assertTrue(c.explanation().contains("gradient"), c.explanation());
        assertFalse(c.explanation().contains("\\"), "continued lines are joined");
    }

    @Test
    void idlgOptimisesTheImageAlone() {
        TeachingContent c = TeachingContent.of(MethodRegistry.standard().find("idlg").orElseThrow());
        assertEquals("x̂", c.equation().under());
        assertTrue(c.equation().where().contains("below 0"), c.equation().where());
    }

    @Test
    void aMethodWithoutNotesGetsItsTitleCitationAndEveryValue() {
        MethodDescriptor m = new MethodDescriptor("newcomer", "test", "A Later Method", "Someone, 2031",
                new LinkedHashMap<String, ParamSet>(), () -> ctx -> null);
        TeachingContent c = TeachingContent.of(m);
        assertFalse(c.hasNotes());
        assertEquals("A Later Method", c.title());
        assertEquals("Someone, 2031", c.citation());
        assertTrue(c.terms().isEmpty(), "the view then lists every scalar the run reports");
        assertTrue(c.explanation().contains("newcomer"), c.explanation());
    }

    /** Every notes file is named after a method the program has, so none is silently ignored. */
    @Test
    void everyNotesFileNamesAKnownMethodAndReads() throws IOException, URISyntaxException {
        Path dir = Path.of(TeachingContent.class.getResource("teaching").toURI());
        MethodRegistry registry = MethodRegistry.standard();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                String method = file.getFileName().toString().replaceFirst("\\.properties$", "");
                MethodDescriptor m = registry.find(method).orElseThrow(() -> new AssertionError(file + ": no method " + method));
                assertTrue(TeachingContent.of(m).hasNotes(), file + " does not read");
            }
        }
    }
}
