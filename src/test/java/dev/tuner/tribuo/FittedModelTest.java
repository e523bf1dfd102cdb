package dev.tuner.tribuo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.regression.libsvm.LibSVMRegressionModel;
import org.tribuo.transform.TransformedModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FittedModelTest {
    private static final TrainerCatalogue CATALOGUE = TrainerCatalogue.builtIn();

    @TempDir
    Path dir;

    @Test
    void anSvrWithoutSupportVectorsPredictsAfterReloadingAsBefore() throws Exception {
        DataSplits splits = new DataSplits(TabularData.load(TestData.linearRegressionCsv(dir, 120), "y",
                TaskType.AUTO), 0.2, 2, 42);
        // A tube wider than every standardized target holds every row: no support vector, a constant prediction.
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("libsvm", TaskType.REGRESSION), 42)
                .fit(Map.of("epsilon", 10.0));
        LibSVMRegressionModel svr = (LibSVMRegressionModel) ((TransformedModel<?>) model).getInnerModel();
        assertEquals(0, svr.getInnerModels().get(0).l, "the fixture must train a model without support vectors");

        Model<?> reloaded = dev.tuner.bundle.ModelReader.read(model.serialize().toByteArray());
        assertEquals(FittedModel.predictionsOf(model, splits), FittedModel.predictionsOf(reloaded, splits));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"random-forest", "extra-trees"})
    void anEnsembleReadBackAgreesUpToTheOrderOfItsSums(String trainer) throws Exception {
        DataSplits splits = new DataSplits(TabularData.load(TestData.resource("spaced-labels.csv"), "label",
                TaskType.AUTO), 0.2, 2, 42);
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get(trainer, TaskType.CLASSIFICATION), 42)
                .fit(Map.of("numTrees", 26, "maxDepth", 3));
        Model<?> reloaded = dev.tuner.bundle.ModelReader.read(model.serialize().toByteArray());
        List<FittedModel.RowOutput> before = FittedModel.outputsOf(model, splits);
        List<FittedModel.RowOutput> after = FittedModel.outputsOf(reloaded, splits);
        assertNotEquals(FittedModel.predictionsOf(model, splits), FittedModel.predictionsOf(reloaded, splits),
                "the fixture must give scores that differ in their last bits once read back");
        assertEquals(before.size(), after.size());
        for (int i = 0; i < before.size(); i++) {
            assertTrue(before.get(i).agrees(after.get(i)), "row " + i + ": " + before.get(i) + " / " + after.get(i));
            assertEquals(before.get(i).label(), after.get(i).label());
        }
    }

    @Test
    void rowOutputsAgreeWithinAFewUnitsInTheLastPlaceOnly() {
        FittedModel.RowOutput a = label("B", 0.3, 0.7);
        assertTrue(a.agrees(label("B", 0.30000000000000004, 0.6999999999999998)));
        assertFalse(a.agrees(label("B", 0.3 + 1e-9, 0.7 - 1e-9)), "a real difference in a score");
        assertFalse(a.agrees(label("A", 0.3, 0.7)), "another label where the scores do not tie");
        assertTrue(label("A", 0.5, 0.5).agrees(label("B", 0.5, 0.5000000000000001)), "a tie broken the other way");
        assertFalse(a.agrees(new FittedModel.RowOutput("B", new TreeMap<>(Map.of("A", 0.3, "C", 0.7)), null)),
                "other labels");
        FittedModel.RowOutput value = new FittedModel.RowOutput(null, null, new double[]{12345.678});
        assertTrue(value.agrees(new FittedModel.RowOutput(null, null, new double[]{12345.678 * (1 + 4e-16)})));
        assertFalse(value.agrees(new FittedModel.RowOutput(null, null, new double[]{12345.679})));
        assertFalse(value.agrees(a), "a regression against a classification");
        assertEquals("B A=0.3 B=0.7", a.text());
        assertEquals("[12345.678]", value.text());
    }

    private static FittedModel.RowOutput label(String label, double a, double b) {
        return new FittedModel.RowOutput(label, new TreeMap<>(Map.of("A", a, "B", b)), null);
    }

    @Test
    void reStampingAStandardizedSvrKeepsItsPredictions() throws Exception {
        DataSplits splits = new DataSplits(TabularData.load(TestData.linearRegressionCsv(dir, 120), "y",
                TaskType.AUTO), 0.2, 2, 42);
        // Unscaled, so that the SVR is the outer model (Tribuo's copy of it drops the target standardization).
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("libsvm", TaskType.REGRESSION), 42)
                .fit(Map.of("scale", "false"));
        assertTrue(model instanceof LibSVMRegressionModel);
        List<String> before = FittedModel.predictionsOf(model, splits);
        Model<?> stamped = FittedModel.withFixedProvenance(model, OffsetDateTime.parse("2026-01-02T03:04:05Z"));
        assertEquals(before, FittedModel.predictionsOf(stamped, splits));
        assertEquals(before, FittedModel.predictionsOf(
                dev.tuner.bundle.ModelReader.read(stamped.serialize().toByteArray()), splits));
    }

    @Test
    void aModelWhoseOnnxExportFailsHasNoOnnxForm() throws Exception {
        DataSplits splits = creditG();
        Map<String, Object> params = Map.of("solver", "mcsvm_cs", "scale", "false");
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("liblinear", TaskType.CLASSIFICATION), 42)
                .fit(params);
        // Tribuo 4.3.2 sizes the weights of a two-class model for one vector; Crammer-Singer keeps two.
        assertThrows(RuntimeException.class, () -> ((ONNXExportable) model).exportONNXModel("dev.tuner", 1),
                "the fixture must be a model whose export fails");
        OnnxForm onnx = FittedModel.of(model, params, splits).onnx().orElseThrow();
        assertNull(onnx.bytes());
        assertTrue(onnx.check().leftOutBecause().startsWith("Tribuo's export failed"), onnx.check().toString());
    }

    @Test
    void anOnnxFormThatOnnxRuntimeRefusesIsLeftOutWithTheReason() throws Exception {
        DataSplits splits = new DataSplits(TabularData.load(TestData.linearRegressionCsv(dir, 120), "y",
                TaskType.AUTO), 0.2, 2, 42);
        // Unscaled, so that Tribuo exports it; a tube wider than every target holds every row: no support vector.
        Map<String, Object> params = Map.of("epsilon", 1e6, "scale", "false");
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("libsvm", TaskType.REGRESSION), 42).fit(params);
        assertEquals(0, ((LibSVMRegressionModel) model).getInnerModels().get(0).l,
                "the fixture must train a model without support vectors");
        assertNotNull(((ONNXExportable) model).exportONNXModel("dev.tuner", 1), "Tribuo exports it");

        OnnxForm onnx = FittedModel.of(model, params, splits).onnx().orElseThrow();
        assertNull(onnx.bytes(), "ONNX Runtime cannot load an SVMRegressor without coefficients");
        assertTrue(onnx.check().leftOutBecause().startsWith("ONNX Runtime cannot run Tribuo's export"),
                onnx.check().toString());
    }

    @Test
    void anOnnxFormIsRunOnEveryHeldOutRowBeforeItIsKept() throws Exception {
        DataSplits splits = creditG();
        Map<String, Object> params = Map.of("scale", "false");
        Model<?> model = new TribuoObjective(splits, CATALOGUE.get("logistic", TaskType.CLASSIFICATION), 42)
                .fit(params);
        OnnxForm onnx = FittedModel.of(model, params, splits).onnx().orElseThrow();
        assertNull(onnx.check().leftOutBecause());
        assertNotNull(onnx.bytes());
        assertEquals(splits.heldOutRows().length, onnx.check().rows());
        assertTrue(onnx.check().largestDifference() < OnnxForm.TOLERANCE, onnx.check().toString());
    }

    @Test
    void aClassifierWhoseTrainingDivergedIsNamedNotANullPointer() throws Exception {
        DataSplits splits = creditG();
        // Plain SGD at a high rate on unscaled amounts in the thousands: every score ends NaN.
        TribuoObjective objective = new TribuoObjective(splits, CATALOGUE.get("fm",
                TaskType.CLASSIFICATION), 42);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> objective.evaluateHeldOut(
                Map.of("optimiser", "sgd", "scale", "false", "learningRate", 1.0)));
        assertTrue(e.getMessage().contains("training diverged"), e.getMessage());
        assertTrue(e.getMessage().startsWith("the model predicts no class for "), e.getMessage());
    }

    /** The first 300 rows of credit-g: two classes, amounts in the thousands, categorical columns. */
    private DataSplits creditG() throws Exception {
        List<String> lines = Files.readAllLines(TestData.resource("credit-g.csv"));
        Path csv = Files.write(dir.resolve("credit-g-300.csv"), lines.subList(0, 301));
        return new DataSplits(TabularData.load(csv, "label", TaskType.AUTO), 0.2, 2, 42);
    }
}
