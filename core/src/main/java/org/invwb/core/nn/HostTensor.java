package org.invwb.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.invwb.core.engine.StagingBuffer;

/** A tensor held as plain floats on the Java side, so it can cross threads and be stored. */
public record HostTensor(long[] shape, float[] data) {

    public HostTensor {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n
                    + " values, got " + data.length);
        }
        shape = shape.clone();
    }

    public static HostTensor of(NDArray array) {
        return new HostTensor(array.getShape().getShape(), array.toFloatArray());
    }

    /** A copy owned by {@code manager}; uploaded through a reused buffer, so repeated uploads keep native memory flat. */
    public NDArray toArray(NDManager manager) {
        return StagingBuffer.uploadOnThisThread(manager, data, new Shape(shape));
    }

    public Shape djlShape() {
        return new Shape(shape);
    }

    public int size() {
        return data.length;
    }
}
