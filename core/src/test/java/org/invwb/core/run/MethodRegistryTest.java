package org.invwb.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MethodRegistryTest {

    private final MethodRegistry registry = FakeMethod.registry(FakeMethod::new);

    private String error(String json) {
        return assertThrows(SpecException.class, () -> registry.resolve(Spec.parse(json))).getMessage();
    }

    @Test
    void resolveFillsEveryDefault() throws Exception {
        ResolvedSpec resolved = registry.resolve(Spec.parse("{\"method\": \"fake\"}"));
        assertEquals("fake", resolved.method());
        assertEquals(0, resolved.seed());
        assertEquals(List.of("data", "parameters"), List.copyOf(resolved.sections().keySet()));
        assertEquals(FakeMethod.DATA.defaults(), resolved.section("data"));
        assertEquals(FakeMethod.PARAMETERS.defaults(), resolved.section("parameters"));
        assertEquals("{data={source=bundled:photos, count=1}, parameters={iterations=5, lr=0.1, ending=done, tv=true}}",
                resolved.asMap().toString());
    }

    @Test
    void resolveKeepsGivenValues() throws Exception {
        ResolvedSpec resolved = registry.resolve(Spec.parse(
                "{\"method\": \"fake\", \"seed\": 9, \"parameters\": {\"iterations\": 42}}"));
        assertEquals(9, resolved.seed());
        assertEquals(42, resolved.section("parameters").getInt("iterations"));
        assertEquals(0.1, resolved.section("parameters").getDouble("lr"));
    }

    @Test
    void unknownMethodListsTheKnownOnes() {
        MethodRegistry two = new MethodRegistry();
        two.register(FakeMethod.descriptor("dlg", "gradient", FakeMethod::new));
        two.register(FakeMethod.descriptor("idlg", "gradient", FakeMethod::new));
        SpecException e = assertThrows(SpecException.class, () -> two.resolve(Spec.parse("{\"method\": \"xyz\"}")));
        assertEquals("method: unknown method \"xyz\"; known: dlg, idlg", e.getMessage());
        assertEquals("method", e.path());
    }

    @Test
    void methodIsRequired() {
        assertEquals("method: required; known: fake", error("{\"seed\": 1}"));
    }

    @Test
    void unknownTopLevelFieldListsTheAllowedOnes() {
        assertEquals("model: unknown field; allowed: method, seed, description, data, parameters",
                error("{\"method\": \"fake\", \"model\": {}}"));
    }

    @Test
    void sectionsMustBeObjects() {
        assertEquals("data: expected an object, got 3", error("{\"method\": \"fake\", \"data\": 3}"));
    }

    @Test
    void sectionErrorsCarryTheSectionPath() {
        assertEquals("parameters.iterations: 0 is out of range [1, 100000]",
                error("{\"method\": \"fake\", \"parameters\": {\"iterations\": 0}}"));
    }

    @Test
    void overridesAreCheckedAtResolveTime() throws Exception {
        Spec spec = Spec.parse("{\"method\": \"fake\"}");
        assertEquals(100, registry.resolve(spec.withOverride("parameters.iterations", "100"))
                .section("parameters").getInt("iterations"));
        assertEquals("parameters.foo: unknown field; allowed: iterations, lr, ending, tv",
                assertThrows(SpecException.class,
                        () -> registry.resolve(spec.withOverride("parameters.foo", "1"))).getMessage());
        assertEquals("model: unknown field; allowed: method, seed, description, data, parameters",
                assertThrows(SpecException.class,
                        () -> registry.resolve(spec.withOverride("model.depth", "3"))).getMessage());
        assertEquals("parameters.iterations: expected an integer, got \"many\"",
                assertThrows(SpecException.class,
                        () -> registry.resolve(spec.withOverride("parameters.iterations", "many"))).getMessage());
    }

    @Test
    void resolvedSpecRoundTripsThroughItsFullSpec() throws Exception {
        ResolvedSpec resolved = registry.resolve(Spec.parse(
                "{\"method\": \"fake\", \"seed\": 4, \"parameters\": {\"lr\": 0.5}}"));
        Spec full = resolved.toSpec("again");
        assertEquals("again", full.description());
        assertEquals(5, full.json().at("/parameters/iterations").intValue());
        assertEquals(resolved, registry.resolve(Spec.parse(full.json().toString())));
    }

    @Test
    void registeringANameTwiceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> registry.register(FakeMethod.descriptor(FakeMethod::new)));
    }

    @Test
    void describeListsEveryParameterBySection() {
        String text = registry.find("fake").orElseThrow().describe();
        assertTrue(text.startsWith("fake (test) — A fake method\n  Nobody. Tests, 2024.\ndata:\n"), text);
        assertTrue(text.contains("\n  iterations  int  default 5  range [1, 100000]  — iterations (paper: 300)\n"), text);
        assertTrue(text.contains("\n  lr  real  default 0.1  range [0, 10]  — step size  [live]\n"), text);
    }

    @Test
    void descriptorsCannotShadowTheHeader() {
        assertThrows(IllegalArgumentException.class, () -> new MethodDescriptor("m", "f", "", "",
                new java.util.LinkedHashMap<>(java.util.Map.of("seed", FakeMethod.DATA)), FakeMethod::new));
    }

    /** Registered through a services file in a test class loader, as an attack package would be. */
    public static final class TestProvider implements MethodProvider {
        @Override
        public List<MethodDescriptor> methods() {
            return List.of(FakeMethod.descriptor("zeta", "gradient", FakeMethod::new),
                    FakeMethod.descriptor("alpha", "model", FakeMethod::new),
                    FakeMethod.descriptor("beta", "gradient", FakeMethod::new));
        }
    }

    @Test
    void loadFindsProvidersAndSortsByFamilyKeepingTheProvidersOrder(@TempDir Path dir) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(MethodProvider.class.getName()), TestProvider.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()},
                MethodRegistryTest.class.getClassLoader())) {
            // The loader also sees the built-in providers on the class path; keep only the test's own.
            List<String> names = MethodRegistry.load(loader).all().stream().map(MethodDescriptor::name)
                    .filter(List.of("alpha", "beta", "zeta")::contains).toList();
            // families sorted; within "gradient" the provider's own order (zeta listed before beta)
            assertEquals(List.of("zeta", "beta", "alpha"), names);
        }
    }

    @Test
    void standardLoadsWithoutError() {
        MethodRegistry standard = MethodRegistry.standard();
        assertEquals(standard.all().size(), standard.all().stream().map(MethodDescriptor::name).distinct().count());
        assertTrue(standard.find("dlg").isPresent() && standard.find("idlg").isPresent());
    }
}
