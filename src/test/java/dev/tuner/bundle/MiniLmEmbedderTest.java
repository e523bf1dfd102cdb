package dev.tuner.bundle;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Feature;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real all-MiniLM-L6-v2 from its Maven Central jar, and the ONNX export run by ONNX Runtime. */
class MiniLmEmbedderTest {
    @TempDir
    Path dir;

    @Test
    void embedsInProcessWithUnitLengthAndMeaningfulSimilarity() {
        Embedder e = Embedders.create("all-MiniLM-L6-v2");
        List<float[]> v = e.embed(List.of("Wheat exports rose sharply this year.",
                "Grain shipments increased a lot this year.", "The central bank raised interest rates."));
        assertEquals(384, v.get(0).length);
        assertEquals(1.0, VectorMath.dot(v.get(0), v.get(0)), 1e-5);
        assertTrue(VectorMath.dot(v.get(0), v.get(1)) > VectorMath.dot(v.get(0), v.get(2)) + 0.1);
        assertArrayEquals(v.get(2), e.embed(List.of("The central bank raised interest rates.")).get(0),
                "the same text gives the same floats");
    }

    /** A query from an application: no text is no vectors, a blank one a refusal saying which. */
    @Test
    void noTextsGiveNoVectorsAndABlankTextIsNamed() {
        Embedder e = Embedders.create("all-MiniLM-L6-v2");
        assertEquals(List.of(), e.embed(List.of()));
        IllegalArgumentException blank = assertThrows(IllegalArgumentException.class,
                () -> e.embed(List.of("wheat", "  ")));
        assertTrue(blank.getMessage().startsWith("text 1 of 2 is blank"), blank.getMessage());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExportedOnnxModelGivesTribuosProbabilities() throws Exception {
        Path zip = dir.resolve("bundle.zip");
        BundleBuilder.build(BundleFixtures.request(dir, zip, dir.resolve("cache"), m -> new HashingEmbedder()));
        ModelBundle bundle = BundleLoader.load(zip);
        Model<Label> model = (Model<Label>) bundle.model();
        Example<Label> example = new org.tribuo.impl.ArrayExample<>(new Label("?"),
                new String[]{"petal_length_cm", "petal_width_cm", "sepal_length_cm", "sepal_width_cm"},
                new double[]{4.5, 1.5, 6.0, 2.9});
        int features = model.getFeatureIDMap().size();
        float[][] input = new float[1][features];
        for (Feature f : example) {
            var info = model.getFeatureIDMap().get(f.getName());
            if (info != null) {
                input[0][model.getFeatureIDMap().getID(f.getName())] = (float) f.getValue();
            }
        }
        Prediction<Label> expected = model.predict(example);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(bundle.onnx().orElseThrow());
             OnnxTensor tensor = OnnxTensor.createTensor(env, input);
             OrtSession.Result result = session.run(java.util.Map.of(
                     session.getInputNames().iterator().next(), tensor))) {
            float[][] probabilities = (float[][]) result.get(0).getValue();
            for (Label label : model.getOutputIDInfo().getDomain()) {
                int id = model.getOutputIDInfo().getID(label);
                assertEquals(expected.getOutputScores().get(label.getLabel()).getScore(), probabilities[0][id], 1e-4,
                        label.getLabel());
            }
        }
    }
}
