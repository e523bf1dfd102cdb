package dev.tuner.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import org.tribuo.Model;
import org.tribuo.Tribuo;
import org.tribuo.protos.core.ModelProto;

import java.util.List;
import java.util.Map;

/**
 * Reads a model from Tribuo's protobuf form ({@code Model.deserialize}, never Java serialization), completing what
 * that form loses ({@link LibSvmReload}). A model class the application lacks is named with the Tribuo module to
 * add: the trainer module of a model is the application's dependency, not the plugin's.
 */
public final class ModelReader {
    /**
     * Package of a model class to the Tribuo module that holds it. A {@code common} module comes with the
     * classification or regression trainer module of the same name, which is what an application declares.
     */
    private static final List<Map.Entry<String, String>> MODULES = List.of(
            Map.entry("org.tribuo.classification.sgd.", "tribuo-classification-sgd"),
            Map.entry("org.tribuo.classification.dtree.", "tribuo-classification-tree"),
            Map.entry("org.tribuo.classification.xgboost.", "tribuo-classification-xgboost"),
            Map.entry("org.tribuo.classification.liblinear.", "tribuo-classification-liblinear"),
            Map.entry("org.tribuo.classification.libsvm.", "tribuo-classification-libsvm"),
            Map.entry("org.tribuo.classification.mnb.", "tribuo-classification-mnnaivebayes"),
            Map.entry("org.tribuo.regression.sgd.", "tribuo-regression-sgd"),
            Map.entry("org.tribuo.regression.rtree.", "tribuo-regression-tree"),
            Map.entry("org.tribuo.regression.xgboost.", "tribuo-regression-xgboost"),
            Map.entry("org.tribuo.regression.liblinear.", "tribuo-regression-liblinear"),
            Map.entry("org.tribuo.regression.libsvm.", "tribuo-regression-libsvm"),
            Map.entry("org.tribuo.common.nearest.", "tribuo-common-nearest-neighbour"),
            Map.entry("org.tribuo.common.tree.", "tribuo-classification-tree or tribuo-regression-tree"),
            Map.entry("org.tribuo.common.xgboost.", "tribuo-classification-xgboost or tribuo-regression-xgboost"),
            Map.entry("org.tribuo.common.sgd.", "tribuo-classification-sgd or tribuo-regression-sgd"),
            Map.entry("org.tribuo.common.liblinear.", "tribuo-classification-liblinear or tribuo-regression-liblinear"),
            Map.entry("org.tribuo.common.libsvm.", "tribuo-classification-libsvm or tribuo-regression-libsvm"),
            Map.entry("ml.dmlc.xgboost4j.", "tribuo-classification-xgboost or tribuo-regression-xgboost"),
            Map.entry("libsvm.", "tribuo-classification-libsvm or tribuo-regression-libsvm"),
            Map.entry("de.bwaldvogel.liblinear.", "tribuo-classification-liblinear or tribuo-regression-liblinear"));

    private ModelReader() {
    }

    /**
     * Loads and initializes the classes {@link #read} needs (Tribuo's model protos and the protobuf runtime) without
     * reading anything, so a loader can do it on another thread while it verifies a bundle.
     */
    public static void loadClasses() {
        ModelProto.getDefaultInstance();
        Model.class.getName();
    }

    /**
     * A model from its protobuf bytes, completed where Tribuo's form is lossy.
     *
     * @throws IllegalArgumentException when the bytes are not a Tribuo model, or a class it needs is missing (the
     *                                  message names the module to add)
     */
    public static Model<?> read(byte[] bytes) {
        try {
            Model<?> model = Model.deserialize(ModelProto.parseFrom(bytes));
            LibSvmReload.complete(model);
            return model;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a Tribuo model in protobuf form: " + e.getMessage(), e);
        } catch (RuntimeException | LinkageError e) {
            String missing = missingClass(e);
            if (missing == null) {
                throw e;
            }
            throw new IllegalArgumentException(missingClassMessage(missing), e);
        }
    }

    /** What to add for the class {@code name}, in one sentence. */
    static String missingClassMessage(String name) {
        for (Map.Entry<String, String> m : MODULES) {
            if (name.startsWith(m.getKey())) {
                String modules = m.getValue();
                return "the model needs class " + name + ", which is not on the class path: add the dependency "
                        + (modules.contains(" or ") ? "org.tribuo:" + modules.replace(" or ", " or org.tribuo:")
                        + " (the one of the model's task)" : "org.tribuo:" + modules) + ", version " + Tribuo.VERSION;
            }
        }
        return "the model needs class " + name + ", which is not on the class path: add the library that holds it";
    }

    /** The name of the class whose absence {@code e} reports, or null when it reports something else. */
    private static String missingClass(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if ((t instanceof ClassNotFoundException || t instanceof NoClassDefFoundError) && t.getMessage() != null) {
                return t.getMessage().strip().replace('/', '.');
            }
        }
        return null;
    }
}
