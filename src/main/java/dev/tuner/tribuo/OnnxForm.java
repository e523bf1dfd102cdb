package dev.tuner.tribuo;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.oracle.labs.mlrg.olcut.util.Pair;
import org.tribuo.Dataset;
import org.tribuo.Model;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.VariableIDInfo;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.interop.onnx.DenseTransformer;
import org.tribuo.interop.onnx.LabelTransformer;
import org.tribuo.interop.onnx.ONNXExternalModel;
import org.tribuo.interop.onnx.OutputTransformer;
import org.tribuo.interop.onnx.RegressorTransformer;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ONNX form of a model as the bundle ships it: Tribuo's export, kept only when ONNX Runtime loads it and it
 * predicts every held-out row as the Tribuo model does. Tribuo 4.3.2 exports some models it trains into files that
 * ONNX Runtime refuses (an SVR without support vectors: an {@code SVMRegressor} with no coefficients), and a form
 * nobody checked is a promise the bundle cannot keep.
 *
 * @param bytes      the ONNX file, or null when the bundle has no ONNX form
 * @param check      what the comparison found
 */
public record OnnxForm(byte[] bytes, Check check) {
    /** Scores and values agree when they differ by less than this, relative above 1: ONNX Runtime computes in floats. */
    static final double TOLERANCE = 1e-4;

    /**
     * The comparison of the ONNX form with the Tribuo model on the held-out rows.
     *
     * @param rows              held-out rows predicted by both
     * @param largestDifference largest difference of a score (classification) or value (regression)
     * @param leftOutBecause    why the bundle has no ONNX form although Tribuo exported one, or null
     */
    public record Check(int rows, double largestDifference, String leftOutBecause) {
    }

    /** The model's checked ONNX form, or null when the model has no ONNX export. */
    static OnnxForm of(Model<?> model, byte[] exported, DataSplits splits) {
        if (exported == null) {
            return null;
        }
        Path file = null;
        try {
            file = Files.createTempFile("tuner-onnx", ".onnx");
            Files.write(file, exported);
            Check check = compare(model, file, splits.heldOutDataset());
            return new OnnxForm(check.leftOutBecause() == null ? exported : null, check);
        } catch (OrtException | IOException | RuntimeException | LinkageError e) {
            String why = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
            return new OnnxForm(null, new Check(0, Double.NaN, "ONNX Runtime cannot run Tribuo's export: " + why));
        } finally {
            if (file != null) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException ignored) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Check compare(Model model, Path file, Dataset heldOut) throws OrtException {
        Map<String, Integer> features = new HashMap<>();
        for (Object info : model.getFeatureIDMap()) {
            features.put(((VariableInfo) info).getName(), ((VariableIDInfo) info).getID());
        }
        Map<Object, Integer> outputs = new HashMap<>();
        for (Object pair : model.getOutputIDInfo()) {
            outputs.put(((Pair<Integer, ?>) pair).getB(), ((Pair<Integer, ?>) pair).getA());
        }
        boolean classification = model.getOutputIDInfo().getDomain().iterator().next() instanceof Label;
        OutputFactory factory = classification ? new LabelFactory() : new RegressionFactory();
        OutputTransformer transformer = classification ? new LabelTransformer() : new RegressorTransformer();
        // The external model owns (and closes) the session options.
        try (ONNXExternalModel onnx = ONNXExternalModel.createOnnxModel(factory, features, (Map) outputs,
                new DenseTransformer(), transformer, new OrtSession.SessionOptions(), file, "input")) {
            List<Prediction<?>> tribuo = model.predict(heldOut);
            List<Prediction<?>> ort = onnx.predict(heldOut);
            double largest = 0;
            for (int i = 0; i < tribuo.size(); i++) {
                double[] expected = outputs(tribuo.get(i), classification);
                double[] actual = outputs(ort.get(i), classification);
                if (actual.length != expected.length) {
                    return new Check(i + 1, largest, "held-out row " + i + ": ONNX Runtime gives " + actual.length
                            + " outputs, the Tribuo model " + expected.length);
                }
                for (int k = 0; k < expected.length; k++) {
                    double difference = Math.abs(expected[k] - actual[k]);
                    largest = Math.max(largest, difference);
                    if (!(difference <= TOLERANCE * Math.max(1, Math.abs(expected[k])))) {
                        return new Check(i + 1, largest, String.format(Locale.ROOT, "held-out row %d: ONNX Runtime"
                                + " gives %s, the Tribuo model %s", i, actual[k], expected[k]));
                    }
                }
            }
            return new Check(tribuo.size(), largest, null);
        }
    }

    /** The scores in label order, or the regression values. */
    private static double[] outputs(Prediction<?> prediction, boolean classification) {
        if (!classification) {
            return ((Regressor) prediction.getOutput()).getValues();
        }
        Map<String, ?> scores = new TreeMap<>(prediction.getOutputScores());
        return scores.values().stream().mapToDouble(l -> ((Label) l).getScore()).toArray();
    }
}
