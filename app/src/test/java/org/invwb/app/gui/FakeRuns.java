package org.invwb.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.PngCodec;

/** Small stored run folders (report.json, events.jsonl, final.png) written for tests. */
final class FakeRuns {

    private FakeRuns() {
    }

    /** A finished iDLG run of three iterations with the given defense and learning rate. */
    static Path write(Path parent, String name, String defense, double lr, double psnr) throws IOException {
        Path run = Files.createDirectories(parent.resolve(name));
        Files.writeString(run.resolve("report.json"), "{\"status\": \"done\", \"method\": \"idlg\", \"seed\": 0,"
                + " \"iterations\": 3, \"seconds\": 1.5, \"converged\": false, \"startedAt\": \"2025-01-01T10:00:00Z\","
                + " \"parameters\": {\"client\": {\"defense\": \"" + defense + "\", \"clipNorm\": 1.0},"
                + " \"parameters\": {\"iterations\": 3, \"lr\": " + lr + "}},"
                + " \"metrics\": {\"psnr\": " + psnr + ", \"ssim\": 0.5, \"labelAccuracy\": 1.0, \"defense\": \"" + defense + "\"}}");
        StringBuilder events = new StringBuilder("{\"type\":\"started\"}\n");
        for (int i = 1; i <= 3; i++) {
            events.append("{\"type\":\"progress\",\"iteration\":").append(i).append(",\"scalars\":{\"gradientDistance\":")
                    .append(10.0 / i).append(",\"psnr\":").append(psnr * i / 3).append("}}\n");
        }
        events.append("{\"type\":\"progress\",\"iter"); // cut short, as by a run that stopped mid-line
        Files.writeString(run.resolve("events.jsonl"), events);
        float[] pixels = new float[3 * 8 * 4];
        java.util.Arrays.fill(pixels, 0.5f);
        PngCodec.write(new FloatImage(3, 8, 4, pixels), run.resolve("final.png"));
        return run;
    }
}
