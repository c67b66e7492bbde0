package org.invwb.core.nn.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.invwb.core.data.FloatImage;
import org.invwb.core.data.ImageBatch;
import org.invwb.core.engine.StagingBuffer;

/** Between images in [0, 1] and the [−1, 1] arrays diffusion models work on. */
public final class DiffusionImages {

    private DiffusionImages() {
    }

    /** The batch as 2·pixels − 1, NCHW, of {@code type}, owned by {@code m}. */
    public static NDArray toModel(ImageBatch batch, NDManager m, DataType type) {
        float[] scaled = new float[batch.pixels().length];
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] = 2 * batch.pixels()[i] - 1;
        }
        NDArray a = StagingBuffer.uploadOnThisThread(m, scaled,
                new Shape(batch.count(), batch.channels(), batch.height(), batch.width()));
        return type == DataType.FLOAT32 ? a : a.toType(type, false);
    }

    /** Each image of an NCHW array in [−1, 1] as (x + 1)/2, clamped to [0, 1] for display and scoring. */
    public static List<FloatImage> toImages(NDArray x) {
        Shape s = x.getShape();
        int n = (int) s.get(0);
        int c = (int) s.get(1);
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        NDArray wide = x.toType(DataType.FLOAT64, false);
        double[] values = wide.toDoubleArray();
        if (wide != x) {
            // x's manager may be a whole run's: a copy left there would pile up step after step
            wide.close();
        }
        int size = c * h * w;
        List<FloatImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float[] pixels = new float[size];
            for (int j = 0; j < size; j++) {
                pixels[j] = (float) ((values[i * size + j] + 1) / 2);
            }
            out.add(new FloatImage(c, h, w, pixels).clamped());
        }
        return out;
    }
}
