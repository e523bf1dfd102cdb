// Each preset's plan on a fresh study: trials x budgets x folds, and where each value came from.
import groovy.json.JsonSlurper

def read = { String dir -> new JsonSlurper().parse(new File(basedir, "target/${dir}/estimate.json")) }
def expect = [quick: [20, 2, 1, 3], conservative: [40, 3, 2, 5], aggressive: [150, 3, 3, 10]]
expect.each { name, v ->
    def e = read(name)
    assert e.trials == v[0] : "${name}: trials ${e.trials}"
    assert e.budgets.size() == v[1] : "${name}: budgets ${e.budgets*.budget}"
    assert e.folds == v[2] : "${name}: folds ${e.folds}"
    assert e.plannedRuns == v[0] * v[1] * v[2] : "${name}: plannedRuns ${e.plannedRuns}"
    ['trials', 'budgets', 'folds', 'topK'].each { s ->
        assert e.settingsFrom[s] == "preset ${name}" : "${name}: ${s} from ${e.settingsFrom[s]}"
    }
}
assert read('quick').plannedRuns == 40 : 'the seed: quick is 40 runs on a fresh study'

def overridden = read('quick-7')
assert overridden.trials == 7 && overridden.plannedRuns == 7 * 2 * 1 : "an explicit -Dtuner.trials wins: ${overridden.plannedRuns}"
assert overridden.settingsFrom.trials == '-Dtuner.trials'
assert overridden.settingsFrom.folds == 'preset quick'
def log = new File(basedir, 'build.log').text
assert log.contains('trials from -Dtuner.trials') : 'the estimate prints where each value came from'

// folds = 1: a single validation split tunes and bundles.
def best = new JsonSlurper().parse(new File(basedir, 'target/tuned/best.json'))
assert best.best != null : 'a quick study with one fold has a best trial'
assert new File(basedir, 'target/presets-1.0-model-bundle.zip').isFile() : 'bundle found the quick study and wrote its zip'
return true
