package org.invwb.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Reproduces the scikit-image values in shared/reference/metrics/expected.json. */
class ImageMetricsReferenceTest {

    private static Path referenceDir() {
        String shared = System.getProperty("invwb.shared");
        if (shared != null) {
            return Path.of(shared, "reference", "metrics");
        }
        // Surefire runs in the module folder; the repository root is its parent.
        String root = System.getProperty("invwb.root");
        Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
        return repo.resolve("../shared/reference/metrics").normalize();
    }

    @TestFactory
    List<DynamicTest> matchesScikitImage() throws Exception {
        Path dir = referenceDir();
        JsonNode cases = new ObjectMapper().readTree(dir.resolve("expected.json").toFile()).get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            tests.add(DynamicTest.dynamicTest(c.get("reference").asText(), () -> check(dir, c)));
        }
        assertEquals(6, tests.size(), "expected.json lists six cases");
        return tests;
    }

    /**
     * scikit-image works on k / 255 in double; FloatImage stores it as a float, within 2^-25 of it. A
     * pixel difference d then moves by at most 2^-24, its square by at most 2^-23 |d| + 2^-46 (with d as stored): this
     * bounds the MSE difference (about 1e-7 relative here, where a 1e-9 relative tolerance would need
     * double pixels).
     */
    private static double float32Bound(FloatImage reference, FloatImage test) {
        double sumAbs = 0;
        for (int i = 0; i < reference.size(); i++) {
            sumAbs += Math.abs((double) reference.pixels()[i] - test.pixels()[i]);
        }
        return 0x1p-23 * sumAbs / reference.size() + 0x1p-46;
    }

    private static void check(Path dir, JsonNode c) throws Exception {
        FloatImage reference = PngCodec.read(dir.resolve(c.get("reference").asText()));
        FloatImage test = PngCodec.read(dir.resolve(c.get("test").asText()));

        // scikit-image shapes are HxW for grey, HxWxC for colour.
        JsonNode shape = c.get("shape");
        int channels = shape.size() == 3 ? shape.get(2).asInt() : 1;
        assertEquals(List.of(channels, shape.get(0).asInt(), shape.get(1).asInt()),
                List.of(reference.channels(), reference.height(), reference.width()), "shape C,H,W");

        assertEquals(c.get("mse").asDouble(), ImageMetrics.mse(reference, test), float32Bound(reference, test), "mse");
        assertEquals(c.get("psnr").asDouble(), ImageMetrics.psnr(reference, test), 1e-3, "psnr");
        assertEquals(c.get("ssim").asDouble(), ImageMetrics.ssim(reference, test), 1e-4, "ssim");
    }
}
