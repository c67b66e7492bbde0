package org.invwb.core.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Uploads Java values to the engine through one reused direct buffer. {@code manager.create(float[])}
 * allocates a fresh direct buffer per call, which only the garbage collector frees: in a hot loop
 * with little heap pressure, native memory then grows by the upload size every iteration.
 */
public final class StagingBuffer {

    private static final ThreadLocal<StagingBuffer> PER_THREAD = ThreadLocal.withInitial(StagingBuffer::new);

    private ByteBuffer bytes;
    private FloatBuffer floats;

    /**
     * {@code values} as a new float32 array owned by {@code manager}, through the calling thread's own
     * staging buffer (in practice the compute thread's), for code that uploads host data in loops.
     */
    public static NDArray uploadOnThisThread(NDManager manager, float[] values, Shape shape) {
        return PER_THREAD.get().upload(manager, values, shape);
    }

    /** A new array owned by {@code manager} holding {@code values[from, from + shape.size())} as float32. */
    public NDArray upload(NDManager manager, double[] values, int from, Shape shape) {
        int n = Math.toIntExact(shape.size());
        FloatBuffer f = reserve(n);
        for (int i = 0; i < n; i++) {
            f.put(i, (float) values[from + i]);
        }
        return copyOut(manager, shape);
    }

    /** A new array owned by {@code manager} holding {@code values} as float32. */
    public NDArray upload(NDManager manager, float[] values, Shape shape) {
        int n = Math.toIntExact(shape.size());
        reserve(n).put(0, values, 0, n);
        return copyOut(manager, shape);
    }

    private FloatBuffer reserve(int n) {
        if (bytes == null || bytes.capacity() < 4 * n) {
            bytes = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            floats = bytes.asFloatBuffer();
        }
        return floats;
    }

    /** The engine may alias a direct buffer, so the result is cloned into engine-owned memory. */
    private NDArray copyOut(NDManager manager, Shape shape) {
        ByteBuffer view = bytes.duplicate().order(ByteOrder.nativeOrder());
        view.limit(Math.toIntExact(4 * shape.size()));
        try (NDArray alias = manager.create(view, shape, DataType.FLOAT32)) {
            return alias.duplicate();
        }
    }
}
