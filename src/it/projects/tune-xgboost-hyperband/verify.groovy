// XGBoost tuned with TPE and Hyperband over data fractions, two worker threads.
def csv = new File(basedir, 'target/tuner/trials.csv').readLines()
assert csv.size() == 19
assert csv[0].contains('value@0.05') && csv[0].contains('value@0.2') && csv[0].contains('value@1')
def states = csv.drop(1).collect { it.split(',')[1] }
assert states.count { it == 'pruned' } > 0 : "Hyperband pruned nothing: ${states}"
assert states.count { it == 'complete' } > 0
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.best.values.accuracy > 0.9
assert best.heldOut.rows == 114
assert best.heldOut.tuned.accuracy > 0.9 && best.heldOut.defaults.accuracy > 0.9
assert best.topK.size() == 5
def log = new File(basedir, 'build.log').text
assert log =~ /trial 18\/18 #\d+/
assert log.contains('Held-out rows (114): tuned accuracy=')
// summary.md, for a CI job page, tells the same study as best.json.
def summary = new File(basedir, 'target/tuner/summary.md').text
assert summary.contains("**Best trial #${best.best.number}**, cross-validated accuracy") : summary
assert summary.contains('**Held-out rows** (114, never seen by tuning)') : summary
assert summary.contains('**Pruning** spent ') : summary
return true
