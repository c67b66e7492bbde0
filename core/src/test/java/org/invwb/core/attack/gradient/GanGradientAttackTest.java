package org.invwb.core.attack.gradient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.invwb.core.data.ImageSources;
import org.invwb.core.engine.ComputeThread;
import org.invwb.core.metrics.BatchScorer;
import org.invwb.core.nn.Dcgan;
import org.invwb.core.nn.DcganDiscriminator;
import org.invwb.core.nn.DcganGenerator;
import org.invwb.core.nn.GanModelSpec;
import org.invwb.core.nn.WeightSources;
import org.invwb.core.nn.StateDict;
import java.util.concurrent.Future;
import org.invwb.core.run.Job;
import org.invwb.core.run.ResolvedSpec;
import org.invwb.core.run.RunReport;
import org.invwb.core.run.Spec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GGL and GIFD against a client whose image the GAN itself made (so the search can find it exactly),
 * through the shipped LeNet on MNIST-sized images. The GAN is a small one drawn from the spec's seed
 * (latent 8, width 4), which is enough for a closed-form truth: the client's code is known.
 */
class GanGradientAttackTest {

    private static final long SEED = 3;
    private static final int LATENT = 8;
    private static final String GAN = "\"gan\":{\"latent\":" + LATENT + ",\"generatorWidth\":4,\"discriminatorWidth\":4,"
            + "\"weights\":\"\"}";

    @TempDir
    Path dir;

    private static DcganGenerator generator() {
        return new DcganGenerator(1, 28, LATENT, 4);
    }

    /** The GAN of spec seed {@link #SEED}, as the gan section draws it. */
    private static StateDict ganWeights() {
        return Dcgan.generatorPart(new Dcgan(generator(), new DcganDiscriminator(1, 28, 4)).initialise(SEED));
    }

    /** G(code) for each code, plus {@code square} (0 for none) on an 8×8 patch the generator cannot add. */
    private static List<FloatImage> generated(double[][] codes, float square) throws Exception {
        StateDict weights = ganWeights();
        return ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                float[] flat = new float[codes.length * LATENT];
                for (int i = 0; i < codes.length; i++) {
                    for (int j = 0; j < LATENT; j++) {
                        flat[i * LATENT + j] = (float) codes[i][j];
                    }
                }
                NDArray z = m.create(flat, new Shape(codes.length, LATENT));
                NDArray images = generator().generate(weights.toArrays(m), z);
                if (square > 0) {
                    images.set(new NDIndex(":, :, 4:12, 4:12"), images.get(":, :, 4:12, 4:12").add(square).clip(0, 1));
                }
                return GanGradientAttack.host(images);
            }
        });
    }

    /** A code in the box tanh maps to: tanh of a standard normal draw. */
    private static double[] code(Random random) {
        double[] z = new double[LATENT];
        for (int i = 0; i < LATENT; i++) {
            z[i] = Math.tanh(random.nextGaussian());
        }
        return z;
    }

    private String clientImage(float square) throws Exception {
        Path file = dir.resolve("client.png");
        PngCodec.write(generated(new double[][] {code(new Random(42))}, square).get(0), file);
        return file.toString().replace("\\", "/");
    }

    private static String spec(String method, String image, String parameters) {
        return "{\"method\":\"" + method + "\",\"seed\":" + SEED + ",\"data\":{\"source\":\"" + image + "\"},"
                + "\"model\":{\"architecture\":\"lenet-dlg\",\"numClasses\":10,\"imageSize\":28,\"channels\":1,"
                + "\"weights\":\"bundled:lenet-dlg-mnist\"}," + GAN + ",\"parameters\":{" + parameters + "}}";
    }

    /** Mean PSNR of other images of the same GAN against the client's: what guessing from the prior gives. */
    private double randomBaseline(String image) throws Exception {
        FloatImage truth = PngCodec.read(Path.of(image));
        Random random = new Random(7);
        double[][] codes = new double[8][];
        for (int i = 0; i < codes.length; i++) {
            codes[i] = code(random);
        }
        return generated(codes, 0).stream()
                .mapToDouble(g -> BatchScorer.score(List.of(truth), List.of(g)).psnr()).average().orElseThrow();
    }

    private static double psnr(RunReport report) {
        return ((Number) report.metrics().get("psnr")).doubleValue();
    }

    @Test
    void gglWithCmaEsFindsTheClientsImage() throws Exception {
        String image = clientImage(0);
        long start = System.nanoTime();
        RunReport report = Runs.run(spec("ggl", image, "\"evaluations\":800"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double baseline = randomBaseline(image);
        System.out.printf("ggl cma-es: %.2f dB (random images of the GAN %.2f dB) in %.1f s%n", psnr(report), baseline,
                seconds);
        assertTrue(psnr(report) > 40, "PSNR " + psnr(report));
        assertTrue(psnr(report) > baseline + 6, psnr(report) + " vs random " + baseline);
    }

    @Test
    void gifdFindsTheClientsImage() throws Exception {
        String image = clientImage(0);
        long start = System.nanoTime();
        RunReport report = Runs.run(spec("gifd", image,
                "\"iterations\":200,\"featureIterations\":30,\"restarts\":1"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double baseline = randomBaseline(image);
        System.out.printf("gifd: %.2f dB (random images of the GAN %.2f dB) in %.1f s%n", psnr(report), baseline,
                seconds);
        assertTrue(psnr(report) > 40, "PSNR " + psnr(report));
        assertTrue(psnr(report) > baseline + 6, psnr(report) + " vs random " + baseline);
    }

    /**
     * On an image the GAN cannot make (its own image plus a bright square), the feature stages let GIFD
     * come closer than GGL's Adam on z alone, at the same number of iterations.
     */
    @Test
    void gifdBeatsGglWithAdamBeyondTheGansRange() throws Exception {
        String image = clientImage(0.5f);
        RunReport gifd = Runs.run(spec("gifd", image, "\"iterations\":100,\"featureIterations\":50,\"restarts\":1"));
        RunReport ggl = Runs.run(spec("ggl", image, "\"optimizer\":\"adam\",\"iterations\":250"));
        System.out.printf("beyond the GAN: gifd %.2f dB, ggl-adam %.2f dB%n", psnr(gifd), psnr(ggl));
        assertTrue(psnr(gifd) > psnr(ggl) + 1, psnr(gifd) + " vs " + psnr(ggl));
    }

    /** The shipped GAN of the public digits 0–4 against test digit 1, a 0, through the shipped LeNet. */
    private static String shippedSpec(String method, String parameters) {
        return "{\"method\":\"" + method + "\",\"seed\":0,\"data\":{\"source\":\"bundled:mnist-test\",\"index\":1},"
                + "\"model\":{\"architecture\":\"lenet-dlg\",\"numClasses\":10,\"imageSize\":28,\"channels\":1,"
                + "\"weights\":\"bundled:lenet-dlg-mnist\"},\"gan\":{\"weights\":\"bundled:dcgan-mnist-public\"},"
                + "\"parameters\":{" + parameters + "}}";
    }

    /**
     * Mean PSNR against test digit 1 of 16 images of the shipped GAN from z ~ N(0, I) (the prior's guess),
     * and of 16 uniform-noise images.
     */
    private static double[] shippedBaselines() throws Exception {
        FloatImage truth = ImageSources.load("bundled:mnist-test", 1, 28, 28).image(1);
        DcganGenerator g = new DcganGenerator(1, 28, DcganGenerator.DEFAULT_LATENT, DcganGenerator.DEFAULT_WIDTH);
        StateDict weights = Dcgan.generatorPart(WeightSources.load(GanModelSpec.SHIPPED,
                new Dcgan(g, new DcganDiscriminator(1, 28, DcganDiscriminator.DEFAULT_WIDTH))));
        Random random = new Random(5);
        List<FloatImage> prior = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                float[] codes = new float[16 * DcganGenerator.DEFAULT_LATENT];
                for (int i = 0; i < codes.length; i++) {
                    codes[i] = (float) random.nextGaussian();
                }
                return GanGradientAttack.host(g.generate(weights.toArrays(m),
                        m.create(codes, new Shape(16, DcganGenerator.DEFAULT_LATENT))));
            }
        });
        double priorPsnr = prior.stream().mapToDouble(x -> BatchScorer.score(List.of(truth), List.of(x)).psnr())
                .average().orElseThrow();
        double noisePsnr = 0;
        for (int i = 0; i < 16; i++) {
            float[] pixels = new float[28 * 28];
            for (int j = 0; j < pixels.length; j++) {
                pixels[j] = random.nextFloat();
            }
            noisePsnr += BatchScorer.score(List.of(truth), List.of(new FloatImage(1, 28, 28, pixels))).psnr() / 16;
        }
        return new double[] {priorPsnr, noisePsnr};
    }

    @Test
    void gglFindsAPublicDigitWithTheShippedGan() throws Exception {
        long start = System.nanoTime();
        RunReport report = Runs.run(shippedSpec("ggl", "\"evaluations\":1000"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] baselines = shippedBaselines();
        System.out.printf("shipped GAN, ggl: %.2f dB, SSIM %.2f (GAN samples %.2f dB, noise %.2f dB) in %.1f s%n",
                psnr(report), ((Number) report.metrics().get("ssim")).doubleValue(), baselines[0], baselines[1], seconds);
        assertTrue(psnr(report) > 15, "PSNR " + psnr(report));
        assertTrue(psnr(report) > baselines[0] + 4 && psnr(report) > baselines[1] + 8,
                psnr(report) + " vs " + baselines[0] + " and " + baselines[1]);
    }

    @Test
    void gifdFindsAPublicDigitWithTheShippedGan() throws Exception {
        long start = System.nanoTime();
        RunReport report = Runs.run(shippedSpec("gifd",
                "\"lr\":0.1,\"iterations\":150,\"featureIterations\":50,\"restarts\":1"));
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] baselines = shippedBaselines();
        System.out.printf("shipped GAN, gifd: %.2f dB, SSIM %.2f (GAN samples %.2f dB, noise %.2f dB) in %.1f s%n",
                psnr(report), ((Number) report.metrics().get("ssim")).doubleValue(), baselines[0], baselines[1], seconds);
        assertTrue(psnr(report) > 15, "PSNR " + psnr(report));
        assertTrue(psnr(report) > baselines[0] + 4 && psnr(report) > baselines[1] + 8,
                psnr(report) + " vs " + baselines[0] + " and " + baselines[1]);
    }

    /** Stopping a long search ends it as cancelled, scored on the best images found so far. */
    @Test
    void cancelledSearchesReportTheirBestSoFar() throws Exception {
        String image = clientImage(0);
        for (String spec : List.of(spec("ggl", image, "\"evaluations\":1000000"),
                spec("gifd", image, "\"iterations\":1000000"))) {
            ResolvedSpec resolved = Runs.REGISTRY.resolve(Spec.parse(spec));
            Job job = new Job(Runs.REGISTRY.find(resolved.method()).orElseThrow(), resolved, 1, "cpu");
            Future<RunReport> running = ComputeThread.submit(job::execute);
            Thread.sleep(3000);
            job.control().cancel();
            RunReport report = running.get();
            assertEquals(RunReport.CANCELLED, report.status(), resolved.method() + ": " + report.reason());
            assertTrue(report.iterations() > 0 && report.metrics().get("psnr") instanceof Number,
                    resolved.method() + ": no partial outcome in " + report.metrics());
        }
    }

    /** KL(N(μ, s²) ‖ N(0, 1)) = −½(1 + ln s² − μ² − s²) per code: (1, 3) has μ 2, s² 1 → 2; (0, 0) → ½·(ln 1e10 − 1). */
    @Test
    void klTermByHand() throws Exception {
        double kld = ComputeThread.call(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                return (double) GanGradientAttack.kld(m.create(new float[] {1, 3, 0, 0}, new Shape(2, 2)))
                        .getFloat();
            }
        });
        assertEquals(2 + 0.5 * (Math.log(1e10) - 1), kld, 1e-4);
    }

    @Test
    void aGanOfAnotherSizeIsRefused() throws Exception {
        String spec = spec("ggl", "bundled:mnist-test", "").replace("\"latent\":8", "\"imageSize\":32,\"latent\":8");
        RunReport report = Runs.run(spec);
        assertEquals(RunReport.FAILED, report.status());
        assertTrue(report.reason().contains("gan.imageSize") && report.reason().contains("1×32×32")
                && report.reason().contains("1×28×28"), report.reason());
    }
}
