// Four stages, each a study of its own; fine's space lies inside coarse's and is narrower on the numbers.
def log = new File(basedir, 'build.log').text
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.stages*.name == ['sanity', 'coarse', 'fine', 'refit']
def sanity = best.stages[0]
assert sanity.passed == true
assert sanity.budgets == [0.3]
assert sanity.best.values.accuracy > sanity.trivial.accuracy
def coarse = best.stages[1]
def fine = best.stages[2]
assert coarse.study == 'stages:coarse' && fine.study == 'stages:fine'
assert coarse.complete == 12 && fine.complete == 8
assert fine.narrowedFrom.stage == 'coarse' && fine.narrowedFrom.top.size() == 3
def range = { String text -> (text =~ /\(([^,]+), ([^)]+)\)/)[0][1..2].collect { it as double } }
assert coarse.searchSpace.maxDepth == 'int(1, 12)'
def (cLo, cHi) = range(coarse.searchSpace.maxDepth)
def (fLo, fHi) = range(fine.searchSpace.maxDepth)
def (mcLo, mcHi) = range(fine.searchSpace.minChildWeight)
assert fLo >= cLo && fHi <= cHi && fHi - fLo < cHi - cLo : "maxDepth not narrowed: ${fine.searchSpace.maxDepth}"
assert fine.searchSpace.minChildWeight.startsWith('log(') && mcLo >= 1 && mcHi <= 40 && mcHi / mcLo < 40
// fine starts from coarse's best, so it never ends worse on the same folds.
assert fine.best.values.accuracy >= coarse.best.values.accuracy
assert log.contains("; its first trial is coarse's best #${coarse.best.number}")
// best.json's best is the fine stage's best; refit measures it on the held-out rows.
assert best.best.number == fine.best.number
assert best.stages[3].from == 'fine' && best.stages[3].trial == fine.best.number
assert best.stages[3].heldOut.accuracy > 0.5
assert log.contains("Study 'stages:sanity'") && log.contains("Study 'stages:fine'")
assert log.contains('Stage sanity (study \'stages:sanity\'): passed')
assert (log =~ /Stage fine: space narrowed around coarse's top 3 trials/).find()
assert log.contains('Stage refit: fine\'s best #')
// The estimate (validate) planned each searching stage as the study tune ran for it, and tune compared the plan with
// the run.
def estimate = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/estimate.json'))
assert estimate.stages*.name == ['sanity', 'coarse', 'fine', 'refit']
assert estimate.stages[1].study == 'stages:coarse' && estimate.stages[1].trials == 12
assert estimate.stages[2].study == 'stages:fine' && estimate.stages[2].trials == 8
assert estimate.trials == 3 + 12 + 8
assert log.contains("Stage coarse (study 'stages:coarse'")
assert best.estimate.expectedSeconds > 0 && best.estimate.finishedBefore == 0
return true
