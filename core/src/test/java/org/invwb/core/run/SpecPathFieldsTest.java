package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A spec from someone else cannot make a run write outside its run folder: the run folder's files are
 * named by the workbench (artifact names are checked by {@link RunStore}), and no spec field names a
 * place to write. The free-text fields that hold paths are all inputs, read and never written:
 * data sources, weights files and stored observations. A new text field fails this test until it is
 * checked to be read-only too, or resolved and confined to the run folder.
 */
class SpecPathFieldsTest {

    /** Every text parameter any method declares; each is a path or URL the run only reads. */
    private static final Set<String> READ_ONLY_TEXT_FIELDS = Set.of(
            "source",       // images or data set to read
            "testSource",   // held-out images to read
            "weights",      // a weights file or a TorchScript module to load (no Python code runs)
            "encoderWeights", // an encoder's weights file to load
            "observation",  // a folder that invwb round stored, read only
            "private",      // a model inversion's private images, read only to score
            "classes",      // class indices, not a path
            "targetClasses", // class indices, not a path
            "radii");       // numbers, not a path

    @Test
    void noSpecFieldNamesAPlaceToWrite() {
        Set<String> text = new TreeSet<>();
        for (MethodDescriptor method : MethodRegistry.standard().all()) {
            method.sections().values().forEach(set -> set.decls().stream()
                    .filter(d -> d.type() == ParamType.STRING).forEach(d -> text.add(d.name())));
        }
        assertEquals(new TreeSet<>(READ_ONLY_TEXT_FIELDS), text);
    }
}
