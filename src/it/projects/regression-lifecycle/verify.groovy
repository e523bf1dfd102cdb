// A regression through estimate, tune, bundle and gate: figures and messages of a regression, none of classification.
import groovy.json.JsonSlurper

def json = { path -> new JsonSlurper().parse(new File(basedir, path)) }

def estimate = json('target/tuner/estimate.json')
assert estimate.plannedRuns > 0
assert !new File(basedir, 'target/tuner/estimate.json').text.contains('"classes"') : 'a regression has no classes driver'

def best = json('target/tuner/best.json')
assert best.objectives == [[metric: 'mae', direction: 'min']]
assert best.trials.complete + best.trials.pruned == 6

def bundle = json('target/tuner/bundle.json')
assert bundle.params.scale == 'false'
assert bundle.heldOut.metrics.keySet() == ['mae', 'r2', 'rmse'] as Set
assert bundle.safetyCheck.onnx.rows == bundle.heldOut.rows : 'the ONNX form predicts every held-out row as the model'
assert bundle.safetyCheck.onnx.leftOutBecause == null

def baseline = json('src/test/tuner/baseline.json')
assert baseline.predictions.size() == bundle.heldOut.rows
assert baseline.predictions.every { it.value instanceof Number && !it.containsKey('label') }
assert !baseline.metrics.containsKey('accuracy')

def pass = json('pass/tuner/gate.json')
assert pass.status == 'passed'
assert pass.baseline.paired == true
assert pass.rules*.metric == ['rmse', 'r2']
assert pass.rules[0].change == 0.0
assert pass.rules[0].interval != null : 'a paired bootstrap interval on rmse'

def log = new File(basedir, 'build.log').text
def expected = "<gate><rules><rule><metric>accuracy</metric>: not available for regression of yield.csv; available:" +
        " [rmse, mae, r2, model-size] -> [Help"
assert log.contains(expected) : "build.log lacks: " + expected
def calibration = log.readLines().find { it.contains('Calibration: seconds/run ~ ') }
assert calibration != null && !calibration.contains('classes') : "calibration line of a regression: " + calibration
assert !new File(basedir, 'bad/tuner/gate.json').exists() : 'a refused setting writes no gate report'
return true
