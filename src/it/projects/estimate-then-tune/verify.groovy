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
assert log.contains('budget    rows  planned') : 'the console table is printed'
return true
