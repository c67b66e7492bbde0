package org.invwb.app.cli;

import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;
import org.invwb.core.metrics.ImageMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code invwb metrics REFERENCE TEST}: MSE, PSNR and SSIM of one image against another, as one JSON line. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Print {\"mse\", \"psnr\", \"ssim\"} of TEST against REFERENCE (PNG or JPEG, same size).")
final class MetricsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REFERENCE", description = "the ground-truth image")
    private Path reference;

    @Parameters(index = "1", paramLabel = "TEST", description = "the image to score")
    private Path test;

    @Override
    public Integer call() throws IOException, BadInputException {
        FloatImage ref = read(reference);
        FloatImage tst = read(test);
        Map<String, Double> metrics = new LinkedHashMap<>();
        try {
            metrics.put("mse", ImageMetrics.mse(ref, tst));
        } catch (IllegalArgumentException shapes) { // ImageMetrics names both shapes
            throw new BadInputException(reference + " vs " + test + ": " + shapes.getMessage());
        }
        metrics.put("psnr", ImageMetrics.psnr(ref, tst));
        metrics.put("ssim", ImageMetrics.ssim(ref, tst));
        spec.commandLine().getOut().println(JsonMapper.builder().build().writeValueAsString(metrics));
        spec.commandLine().getOut().flush();
        return ExitCode.DONE;
    }

    private static FloatImage read(Path file) throws IOException, BadInputException {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file + ": no such file");
        }
        return PngCodec.read(file);
    }
}
