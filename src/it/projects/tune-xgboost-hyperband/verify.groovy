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
return true
