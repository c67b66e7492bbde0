package org.invwb.core.engine;

import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Field;

/**
 * Runs a TorchScript module's method with grad mode on. DJL's own call ({@link PtSymbolBlock#forward})
 * switches grad mode off for a module in inference mode, so nothing it returns can be differentiated;
 * the library call underneath takes the grad mode as a separate flag, and is reached here by reflection.
 * Whether the module itself behaves as in training or eval (dropout, BatchNorm) is the module's own
 * flag, set with {@code JniUtils.enableTrainingMode} / {@code enableInferenceMode}.
 */
public final class ScriptModules {

    private static Object library;
    private static Method runMethod;
    private static Constructor<IValue> ivalueFromHandle;

    private ScriptModules() {
    }

    /** {@code module.method(args)} with autograd recording; the caller owns the result. Compute thread. */
    public static IValue runRecorded(PtSymbolBlock module, String method, IValue... args) {
        long[] handles = new long[args.length];
        for (int i = 0; i < args.length; i++) {
            handles[i] = args[i].getHandle();
        }
        try {
            bind();
            long handle = (long) runMethod.invoke(library, module.getHandle(), method, handles, true, false);
            return ivalueFromHandle.newInstance(handle);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this DJL version does not offer module calls with grad mode on", e);
        }
    }

    private static synchronized void bind() throws ReflectiveOperationException {
        if (runMethod == null) {
            Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
            Field field = lib.getDeclaredField("LIB");
            field.setAccessible(true);
            library = field.get(null);
            Method run = lib.getDeclaredMethod("moduleRunMethod", long.class, String.class, long[].class,
                    boolean.class, boolean.class);
            run.setAccessible(true);
            ivalueFromHandle = IValue.class.getDeclaredConstructor(long.class);
            ivalueFromHandle.setAccessible(true);
            runMethod = run;
        }
    }
}
