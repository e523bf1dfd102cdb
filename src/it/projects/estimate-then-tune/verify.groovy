import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.indexOf(':estimate (') >= 0 && log.indexOf(':estimate (') < log.indexOf(':tune (') : 'estimate must run before tune'
def estimate = new JsonSlurper().parse(new File(basedir, 'target/tuner/estimate.json'))
['plannedRuns', 'expectedRuns', 'expectedSeconds', 'peakMemoryBytes', 'diskBytes', 'budgets'].each {
    assert estimate.containsKey(it) : "estimate.json lacks $it"
}
assert estimate.plannedRuns == 12 * 3 * 2
assert estimate.budgets.size() == 3
assert estimate.budgets[0].expectedRuns == 24.0
assert estimate.expectedSeconds > 0
def best = new JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.estimate.expectedSeconds == estimate.expectedSeconds
assert best.estimate.actualSeconds > 0
// Each timed phase of the run beside the estimate's split of its forecast.
['trials', 'finalChoice', 'heldOutRefits', 'other'].each {
    assert best.estimate.phases[it].actualSeconds >= 0 : "best.json's estimate.phases lacks $it"
    assert best.estimate.phases[it].expectedSeconds == estimate.phases[it + 'Seconds'] : "phase $it"
}
assert best.estimate.phases.trials.actualSeconds > 0
assert new File(basedir, 'target/tuner/summary.md').text.contains('| phase | expected s (mean) | taken s |')
assert log.contains('budget    rows  planned') : 'the console table is printed'
return true
