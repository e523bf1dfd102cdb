package dev.tuner.bundle;

import libsvm.svm_model;
import org.tribuo.Model;
import org.tribuo.common.libsvm.LibSVMModel;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.transform.TransformedModel;

import java.lang.reflect.Field;
import java.util.List;

/**
 * Completes LibSVM models read from Tribuo's protobuf form. An epsilon-SVR model whose tube holds every training
 * row has no support vectors: it predicts a constant. Tribuo 4.3.2 writes its empty coefficient arrays as nothing
 * and reads them back as {@code null}, and LibSVM's prediction then fails with a {@code NullPointerException}.
 * Giving such a model the empty arrays LibSVM's training gave it restores the original predictions exactly.
 *
 * <p>Only {@link #complete} is called from code that may run without LibSVM on the class path (an application
 * loading a bundle of another trainer); it touches LibSVM's classes only once it found a LibSVM model, whose
 * deserialization already needed them.
 */
final class LibSvmReload {
    private static final String LIBSVM_MODEL = "org.tribuo.common.libsvm.LibSVMModel";

    private LibSvmReload() {
    }

    /** Completes every LibSVM model in {@code model}, also inside a scaled model or an ensemble. */
    static void complete(Model<?> model) {
        if (model instanceof TransformedModel<?> transformed) {
            complete(transformed.getInnerModel());
        } else if (model instanceof EnsembleModel<?> ensemble) {
            ensemble.getModels().forEach(LibSvmReload::complete);
        } else if (isLibSvm(model.getClass())) {
            Svm.complete(model);
        }
    }

    private static boolean isLibSvm(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(LIBSVM_MODEL)) {
                return true;
            }
        }
        return false;
    }

    /** The part that needs LibSVM's classes. */
    private static final class Svm {
        static void complete(Model<?> model) {
            List<svm_model> models;
            try {
                // getInnerModels() returns copies; the model predicts with this field.
                Field field = LibSVMModel.class.getDeclaredField("models");
                field.setAccessible(true);
                @SuppressWarnings("unchecked")
                List<svm_model> held = (List<svm_model>) field.get(model);
                models = held;
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException("cannot read the LibSVM models of " + model.getClass().getName(), e);
            }
            for (svm_model m : models) {
                if (m.l == 0 && m.sv_coef == null) {
                    // svm_train allocates one coefficient row per pair of classes, at least one (regression).
                    m.sv_coef = new double[Math.max(1, m.nr_class - 1)][0];
                }
            }
        }
    }
}
