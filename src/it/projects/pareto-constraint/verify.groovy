// A depth-1 tree cannot separate three iris classes (accuracy about 0.67): the enqueued trial #0 runs first,
// breaks the accuracy >= 0.9 constraint, and must stay out of the Pareto set and the top-k.
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.trials.complete + best.trials.pruned + best.trials.failed == 12
assert best.infeasibleTrials >= 1
def trials = new File(basedir, 'target/tuner/trials.csv').readLines()
assert trials[1].startsWith('0,COMPLETE,') || trials[1].startsWith('0,complete,') : trials[1]
assert trials[1].contains(',1,') : "trial 0 should be the enqueued maxDepth=1: ${trials[1]}"
assert !best.paretoFront.any { it.number == 0 } : 'the infeasible trial entered the Pareto set'
assert !best.topK.any { it.number == 0 }
assert best.paretoFront.every { it.values.accuracy >= 0.9 }
assert best.paretoTopK.size() >= 1
def pareto = new File(basedir, 'target/tuner/pareto.csv').readLines()
assert pareto[0].contains('accuracy:cv') && pareto[0].contains('accuracy:heldOut') && pareto[0].contains('model-size:heldOut')
assert pareto.size() == best.paretoTopK.size() + 1
def log = new File(basedir, 'build.log').text
assert log.contains('infeasible, left out of best, Pareto set and top-k')
return true
