package org.invwb.app.gui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.invwb.app.run.RunLauncher;
import org.invwb.core.run.MethodDescriptor;
import org.invwb.core.run.MethodRegistry;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttackViewModelTest {

    private static final MethodRegistry REGISTRY = MethodRegistry.standard();

    @TempDir
    Path dir;

    private AttackViewModel vm;

    @BeforeEach
    void setUp() {
        QueuedUi ui = new QueuedUi();
        RunQueue queue = new RunQueue(new RunLauncher(REGISTRY), () -> dir.resolve("runs"), () -> 10, ui, Runnable::run,
                LocalDateTime::now);
        vm = new AttackViewModel(REGISTRY, queue);
    }

    private static Path sample(String name) {
        return Path.of(System.getProperty("invwb.root"), "sample-projects", "gradient", name);
    }

    @Test
    void anAttackFamilyIsChosenFirstAndTheFederatedRoundComesLast() {
        assertEquals("gradient", vm.familyProperty().get());
        assertEquals("federated", vm.families().get(vm.families().size() - 1));
        assertTrue(vm.selectMethod("federated-round"));
        assertEquals("federated", vm.familyProperty().get());
        assertEquals(List.of("data", "model", "federation", "client"),
                vm.sections().stream().map(AttackViewModel.FormSection::name).toList());
    }

    @Test
    void theFormHasOneFieldPerDeclaredParameterInDeclarationOrder() {
        assertTrue(vm.selectMethod("idlg"));
        MethodDescriptor idlg = REGISTRY.find("idlg").orElseThrow();
        assertEquals(List.copyOf(idlg.sections().keySet()), vm.sections().stream().map(AttackViewModel.FormSection::name).toList());
        for (AttackViewModel.FormSection section : vm.sections()) {
            assertEquals(idlg.sections().get(section.name()).names(), section.fields().stream().map(ParamField::name).toList());
        }
        assertEquals("gradient", vm.familyProperty().get());
        assertTrue(vm.methodInfoProperty().get().contains("Zhao"), vm.methodInfoProperty().get());
    }

    @Test
    void untouchedFormResolvesToTheDeclaredDefaults() throws Exception {
        vm.selectMethod("idlg");
        ResolvedSpec fromForm = REGISTRY.resolve(vm.toSpec());
        ResolvedSpec defaults = REGISTRY.resolve(Spec.parse("{\"method\": \"idlg\"}"));
        assertEquals(defaults, fromForm);
    }

    @Test
    void typedValuesReachTheSpecInTheirDeclaredTypes() throws Exception {
        vm.selectMethod("idlg");
        vm.field("parameters.iterations").orElseThrow().setText("3");
        vm.field("parameters.lr").orElseThrow().setText("0.5");
        vm.field("data.index").orElseThrow().setText("4");
        vm.seedProperty().set("7");
        vm.descriptionProperty().set("coffee, 3 steps");
        ResolvedSpec r = REGISTRY.resolve(vm.toSpec());
        assertEquals(3, r.section("parameters").getInt("iterations"));
        assertEquals(0.5, r.section("parameters").getDouble("lr"));
        assertEquals(4, r.section("data").getInt("index"));
        assertEquals(7, r.seed());
        assertEquals("coffee, 3 steps", vm.toSpec().description());
        assertTrue(vm.specPreviewProperty().get().contains("\"iterations\" : 3"), vm.specPreviewProperty().get());
    }

    /** The window and ./invwb run give the same numbers for the same spec: the form resolves as the file does. */
    @Test
    void aLoadedSampleResolvesExactlyAsTheFileDoes() throws Exception {
        for (String name : List.of("dlg.json", "idlg.json")) {
            vm.loadFile(sample(name));
            assertEquals(REGISTRY.resolve(Spec.load(sample(name))), REGISTRY.resolve(vm.toSpec()), name);
            assertEquals(Notice.Tone.INFO, vm.getNotice().tone(), vm.getNotice().text());
        }
        assertEquals("idlg", vm.getMethod().name());
        assertEquals("0.000001", vm.field("parameters.stopBelow").orElseThrow().getText());
    }

    @Test
    void anInvalidValueIsMarkedOnItsFieldAndBlocksTheRun() {
        vm.selectMethod("dlg");
        ParamField lr = vm.field("parameters.lr").orElseThrow();
        lr.setText("fast");
        assertFalse(vm.isValid());
        assertEquals("parameters.lr: expected a number, got \"fast\"", lr.errorProperty().get());
        assertTrue(vm.run().isEmpty());
        assertEquals(Notice.Tone.ERROR, vm.getNotice().tone());
        assertTrue(vm.getNotice().text().contains("parameters.lr"), vm.getNotice().text());
        assertFalse(Files.exists(dir.resolve("runs")), "no run folder for a spec that does not resolve");
        lr.setText("0.25");
        assertTrue(vm.isValid());
    }

    @Test
    void aBadSeedIsMarkedToo() {
        vm.seedProperty().set("-3");
        assertFalse(vm.isValid());
        assertTrue(vm.seedErrorProperty().get().startsWith("seed: "), vm.seedErrorProperty().get());
    }

    @Test
    void changedValuesCarryOverToAMethodThatDeclaresTheSameField() {
        vm.selectMethod("dlg");
        vm.field("parameters.iterations").orElseThrow().setText("12");
        vm.selectMethod("idlg");
        assertEquals("12", vm.field("parameters.iterations").orElseThrow().getText());
        assertEquals("0.000001", vm.field("parameters.stopBelow").orElseThrow().getText(),
                "an untouched field takes the new method's default");
    }

    @Test
    void aDroppedImageBecomesTheDataSource() throws Exception {
        vm.selectMethod("idlg");
        Path image = Files.createFile(dir.resolve("photo.png"));
        assertTrue(vm.setDataSource(image));
        assertEquals(image.toAbsolutePath().toString(), vm.field("data.source").orElseThrow().getText());
    }

    @Test
    void savedSpecRunsAsTheFormDoes() throws Exception {
        vm.selectMethod("dlg");
        vm.field("parameters.iterations").orElseThrow().setText("5");
        Path file = dir.resolve("saved.json");
        assertTrue(vm.saveFile(file));
        assertEquals(REGISTRY.resolve(vm.toSpec()), REGISTRY.resolve(Spec.load(file)));
    }

    @Test
    void aSpecWithAnUnknownFieldLoadsWhatItCanAndSaysWhatIsWrong() throws Exception {
        Path file = Files.writeString(dir.resolve("odd.json"),
                "{\"method\": \"idlg\", \"parameters\": {\"iterations\": 9, \"learningRate\": 2}}");
        vm.loadFile(file);
        assertEquals("9", vm.field("parameters.iterations").orElseThrow().getText());
        assertEquals(Notice.Tone.WARNING, vm.getNotice().tone());
        assertTrue(vm.getNotice().text().contains("parameters.learningRate"), vm.getNotice().text());
    }

    @Test
    void aSpecForAnUnknownMethodIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("x.json"), "{\"method\": \"nope\"}");
        vm.selectMethod("dlg");
        vm.loadFile(file);
        assertEquals(Notice.Tone.ERROR, vm.getNotice().tone());
        assertTrue(vm.getNotice().text().contains("nope"), vm.getNotice().text());
        assertEquals("dlg", vm.getMethod().name(), "the form is left as it was");
    }
}
