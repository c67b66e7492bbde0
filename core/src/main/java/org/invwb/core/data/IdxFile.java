package org.invwb.core.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An open IDX file (LeCun's MNIST format), plain or gzipped, positioned after its header. Gzip is told by
 * the stream's magic bytes, not by the file name, because renamed and unpacked copies are common.
 */
final class IdxFile implements Closeable {

    private static final int UNSIGNED_BYTE = 0x08;

    final String name;
    final int[] dims;
    private final DataInputStream in;

    private IdxFile(String name, int[] dims, DataInputStream in) {
        this.name = name;
        this.dims = dims;
        this.in = in;
    }

    static IdxFile open(Path file, int expectedDims) throws DataException {
        InputStream raw;
        try {
            raw = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file, "no such file");
        } catch (IOException e) {
            throw new DataException(file, "cannot open: " + e.getMessage(), e);
        }
        return open(raw, file.toString(), expectedDims);
    }

    /** Reads the header; {@code expectedDims} is 3 for an images file and 1 for a labels file. */
    static IdxFile open(InputStream raw, String name, int expectedDims) throws DataException {
        DataInputStream in = null;
        try {
            in = new DataInputStream(unzipIfGzip(new BufferedInputStream(raw, 1 << 16)));
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            String expected = String.format("0x%08X", (UNSIGNED_BYTE << 8) | expectedDims);
            if ((magic >>> 16) != 0) {
                throw new DataException(name + ": wrong magic number " + String.format("0x%08X", magic)
                        + ", not an IDX file (expected " + expected + ")");
            }
            if (type != UNSIGNED_BYTE) {
                throw new DataException(name + ": IDX element type " + String.format("0x%02X", type)
                        + " is not supported, only unsigned bytes (0x08)");
            }
            if (ndims != expectedDims) {
                throw new DataException(name + ": wrong magic number " + String.format("0x%08X", magic) + " ("
                        + ndims + " dimensions), expected " + expected + " for an IDX "
                        + (expectedDims == 1 ? "labels" : "images") + " file");
            }
            int[] dims = new int[ndims];
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0 || (i > 0 && dims[i] == 0)) {
                    throw new DataException(name + ": header gives an impossible size "
                            + Integer.toUnsignedString(dims[i]));
                }
            }
            return new IdxFile(name, dims, in);
        } catch (EOFException e) {
            closeQuietly(in == null ? raw : in);
            throw new DataException(name + ": truncated file, it ends inside the IDX header");
        } catch (DataException e) {
            closeQuietly(in == null ? raw : in);
            throw e;
        } catch (IOException e) {
            closeQuietly(in == null ? raw : in);
            throw new DataException(name + ": cannot read: " + e.getMessage());
        }
    }

    private static InputStream unzipIfGzip(BufferedInputStream in) throws IOException {
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        return b0 == 0x1f && b1 == 0x8b ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in;
    }

    /**
     * Reads up to {@code n} bytes, fewer where the data ends. The buffer grows with the data actually
     * there, so a forged header promising billions of values cannot make us allocate them.
     */
    byte[] readUpTo(int n) throws DataException {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new DataException(name + ": cannot read (corrupt or truncated?): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
    }

    // Closing a stream we only read from cannot lose data, so a failure there is not worth reporting.
    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was written
        }
    }
}
