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
import java.util.SortedMap;
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

    /** This model's outputs on the held-out rows, in their order. */
    public List<RowOutput> heldOutOutputs() {
        return outputsOf(model, splits);
    }

    /**
     * One row's output: the predicted label and every label's score (classification), or the regressed values.
     *
     * @param label  the predicted label, null for regression
     * @param scores each label's score by label name, null for regression
     * @param values the regressed values, null for classification
     */
    public record RowOutput(String label, SortedMap<String, Double> scores, double[] values) {
        /**
         * How far two outputs of one model may differ: a few units in the last place of a double. An ensemble adds
         * its members' scores in the order of a hash map, and a model read back from its bytes can hold that map in
         * another order, so the same votes sum to a result one or two units apart.
         */
        static final double TOLERANCE = 1e-12;

        /** The label and every score, or the values, written with {@link Double#toString}. */
        public String text() {
            if (values != null) {
                return Arrays.toString(values);
            }
            StringBuilder b = new StringBuilder(label);
            scores.forEach((name, score) -> b.append(' ').append(name).append('=').append(score));
            return b.toString();
        }

        /**
         * Whether {@code other} is this output up to the order of floating-point sums: every score or value within
         * {@link #TOLERANCE} (relative to the larger magnitude when above 1), and the same label, or two labels
         * whose scores tie within it (the other order of the sum broke the tie the other way).
         */
        public boolean agrees(RowOutput other) {
            if (values != null || other.values != null) {
                return values != null && other.values != null && close(values, other.values);
            }
            if (!scores.keySet().equals(other.scores.keySet())) {
                return false;
            }
            for (Map.Entry<String, Double> e : scores.entrySet()) {
                if (!close(e.getValue(), other.scores.get(e.getKey()))) {
                    return false;
                }
            }
            return label.equals(other.label) || (scores.containsKey(other.label) && close(scores.get(label),
                    scores.get(other.label)));
        }

        private static boolean close(double[] a, double[] b) {
            if (a.length != b.length) {
                return false;
            }
            for (int i = 0; i < a.length; i++) {
                if (!close(a[i], b[i])) {
                    return false;
                }
            }
            return true;
        }

        private static boolean close(double a, double b) {
            if (a == b || (Double.isNaN(a) && Double.isNaN(b))) {
                return true;
            }
            return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.max(Math.abs(a), Math.abs(b)));
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /** One output per held-out row of {@code splits}, in their order. */
    public static List<RowOutput> outputsOf(Model<?> model, DataSplits splits) {
        List<RowOutput> out = new ArrayList<>();
        for (Prediction<?> p : predict(model, splits.heldOutDataset())) {
            if (p.getOutput() instanceof Label label) {
                SortedMap<String, Double> scores = new TreeMap<>();
                p.getOutputScores().forEach((name, score) -> scores.put(name, ((Label) score).getScore()));
                out.add(new RowOutput(label.getLabel(), scores, null));
            } else {
                out.add(new RowOutput(null, null, ((Regressor) p.getOutput()).getValues()));
            }
        }
        return out;
    }

    /**
     * One line per held-out row ({@link RowOutput#text}): two models agree on these only when their outputs are
     * bit-for-bit equal.
     */
    public static List<String> predictionsOf(Model<?> model, DataSplits splits) {
        return outputsOf(model, splits).stream().map(RowOutput::text).toList();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<? extends Prediction<?>> predict(Model<?> model, Dataset<?> dataset) {
        return ((Model) model).predict((Dataset) dataset);
    }
}
