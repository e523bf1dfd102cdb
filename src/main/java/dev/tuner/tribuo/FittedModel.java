package dev.tuner.tribuo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.provenance.ProvenanceUtil;
import java.util.Arrays;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.ensemble.EnsembleModel;
import org.tribuo.provenance.EnsembleModelProvenance;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.regression.Regressor;
import org.tribuo.transform.TransformedModel;

import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A refitted model and its bundle forms: Tribuo's protobuf bytes, ONNX bytes when the model can export them, its
 * provenance as JSON, and its metrics and predictions on the held-out rows.
 *
 * <h2>Reproducible bytes</h2>
 * Tribuo stamps a model's provenance with the wall-clock training time and, by default, the Java version, OS and
 * architecture of the machine. Everything else in the protobuf form follows from the data, the parameters and the
 * seed. {@link #withFixedProvenance} replaces the provenance by one with a given time (the build's
 * {@code project.build.outputTimestamp}) and without the machine fields ({@code trackSystem = false}, which Tribuo
 * records as {@code unknown-version}); the dataset and trainer provenance are kept as they are. Models hold models:
 * a scaled model ({@code TransformedModel}) its inner model, an ensemble its members and their provenances; each is
 * re-stamped the same way, innermost first.
 * <p>
 * The provenance is replaced in the trained model itself (Model's {@code provenance} and {@code provenanceOutput}
 * fields, reflectively), not through Tribuo's {@code Model.copy(String, ModelProvenance)}: the copies are not
 * faithful. {@code TransformedModel.copy} keeps the inner model with its wall-clock provenance, and Tribuo 4.3.2's
 * {@code LibSVMRegressionModel.copy} drops the target standardization, so the copy of a standardized SVR predicts
 * standardized values. Never Java serialization.
 */
public final class FittedModel {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private final Model<?> model;
    private final Map<String, Object> params;
    private final DataSplits splits;

    private FittedModel(Model<?> model, Map<String, Object> params, DataSplits splits) {
        this.model = model;
        this.params = params;
        this.splits = splits;
    }

    public static FittedModel of(Model<?> model, Map<String, Object> params, DataSplits splits) {
        return new FittedModel(model, params, splits);
    }

    /**
     * {@code model} with its provenance time set to {@code time} and no machine-specific fields, and the same for
     * every model inside it: the inner model of a scaled model ({@code TransformedModel}) and each member of an
     * ensemble, whose provenances the ensemble's own provenance lists as well. The model is changed in place and
     * returned.
     */
    public static Model<?> withFixedProvenance(Model<?> model, OffsetDateTime time) {
        try {
            restamp(model, time);
            return model;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot re-stamp the provenance of " + model.getClass().getName(), e);
        }
    }

    private static void restamp(Model<?> model, OffsetDateTime time) throws ReflectiveOperationException {
        ModelProvenance p = model.getProvenance();
        Map<String, Provenance> instance = new LinkedHashMap<>(p.getInstanceProvenance().getMap());
        ModelProvenance fixed;
        if (model instanceof EnsembleModel<?> ensemble) {
            for (Model<?> member : ensemble.getModels()) {
                restamp(member, time);
            }
            fixed = new EnsembleModelProvenance(p.getClassName(), time, p.getDatasetProvenance(),
                    p.getTrainerProvenance(), instance, false,
                    ListProvenance.createListProvenance(ensemble.getModels()));
        } else {
            if (model instanceof TransformedModel<?> transformed) {
                restamp(transformed.getInnerModel(), time);
            }
            fixed = new ModelProvenance(p.getClassName(), time, p.getDatasetProvenance(), p.getTrainerProvenance(),
                    instance, false);
        }
        // Model's two provenance fields, exactly as its constructor sets them.
        Field provenance = Model.class.getDeclaredField("provenance");
        Field provenanceOutput = Model.class.getDeclaredField("provenanceOutput");
        provenance.setAccessible(true);
        provenanceOutput.setAccessible(true);
        provenance.set(model, fixed);
        provenanceOutput.set(model, fixed.toString());
    }

    public Model<?> model() {
        return model;
    }

    /** The full parameter set the model was trained with (defaults filled in). */
    public Map<String, Object> params() {
        return params;
    }

    /** Tribuo's protobuf form ({@code Model.serialize()}). */
    public byte[] protobuf() {
        return model.serialize().toByteArray();
    }

    /**
     * The ONNX form, for models that implement {@link ONNXExportable} (SGD, LIBLINEAR and LIBSVM models without
     * scaling); not for an ensemble, which implements it but can export only when every member can (Tribuo's trees
     * cannot). Tribuo 4.3.2's exporters fail on some models it trains (LIBLINEAR's {@code mcsvm_cs} on two classes
     * overflows its weight buffer) and write others that ONNX Runtime refuses, so the export is run by ONNX Runtime
     * on the held-out rows ({@link OnnxForm}) and a model whose form fails is bundled without one rather than not at
     * all. Empty when the model has no export at all.
     */
    public Optional<OnnxForm> onnx() {
        if (!exportable(model)) {
            return Optional.empty();
        }
        byte[] exported;
        try {
            exported = ((ONNXExportable) model).exportONNXModel("dev.tuner", 1).toByteArray();
        } catch (RuntimeException e) {
            return Optional.of(new OnnxForm(null, new OnnxForm.Check(0, Double.NaN, "Tribuo's export failed: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName()))));
        }
        return Optional.of(OnnxForm.of(model, exported, splits));
    }

    private static boolean exportable(Model<?> model) {
        if (model instanceof EnsembleModel<?> ensemble) {
            return model instanceof ONNXExportable
                    && ensemble.getModels().stream().allMatch(FittedModel::exportable);
        }
        return model instanceof ONNXExportable;
    }

    /** Tribuo's provenance of the model as JSON ({@code ProvenanceUtil.convertToMap}). */
    public String provenanceJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(
                    ProvenanceUtil.convertToMap(model.getProvenance()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the model's provenance as JSON", e);
        }
    }

    /** Quality metrics on the held-out rows. */
    public Map<String, Double> heldOutMetrics() {
        Dataset<?> heldOut = splits.heldOutDataset();
        return new TreeMap<>(Metrics.quality(model, predict(model, heldOut), heldOut, splits.data().classes()));
    }

    public int heldOutRows() {
        return splits.heldOutRows().length;
    }

    /** This model's held-out predictions in the text form of {@link #predictionsOf}. */
    public List<String> heldOutPredictions() {
        return predictionsOf(model, splits);
    }

    /**
     * One line per held-out row: the predicted label and every score, or the regressed values, written with
     * {@link Double#toString} so that two models agree only when their outputs are bit-for-bit equal.
     */
    public static List<String> predictionsOf(Model<?> model, DataSplits splits) {
        List<String> out = new ArrayList<>();
        for (Prediction<?> p : predict(model, splits.heldOutDataset())) {
            if (p.getOutput() instanceof Label label) {
                StringBuilder b = new StringBuilder(label.getLabel());
                new TreeMap<>(p.getOutputScores()).forEach((name, score) ->
                        b.append(' ').append(name).append('=').append(((Label) score).getScore()));
                out.add(b.toString());
            } else {
                out.add(Arrays.toString(((Regressor) p.getOutput()).getValues()));
            }
        }
        return out;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<? extends Prediction<?>> predict(Model<?> model, Dataset<?> dataset) {
        return ((Model) model).predict((Dataset) dataset);
    }
}
