package org.invwb.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds small data files byte by byte, so tests know every pixel the readers should return. */
final class DataFiles {

    private DataFiles() {
    }

    /** IDX images file: magic 0x00000803, count, rows, cols, then the pixel bytes. */
    static byte[] idxImages(int count, int rows, int cols, byte[] pixels) {
        return ByteBuffer.allocate(16 + pixels.length)
                .putInt(0x803).putInt(count).putInt(rows).putInt(cols).put(pixels).array();
    }

    /** IDX labels file: magic 0x00000801, count, then one byte per label. */
    static byte[] idxLabels(byte[] labels) {
        return ByteBuffer.allocate(8 + labels.length).putInt(0x801).putInt(labels.length).put(labels).array();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] data) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        return Files.write(file, data);
    }

    /** Bytes 0, 1, 2, ... (wrapping at 256). */
    static byte[] ramp(int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) i;
        }
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
