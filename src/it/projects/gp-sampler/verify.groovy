// The gp sampler runs inside Maven (its linear algebra library on the plugin's class path) with two jobs: 25
// trials, all complete, no two with the same parameters (running trials are not proposed again), and the model at
// work: the best of the trials it proposed (after the 10 start-up trials: the centre, then Sobol points) beats the best start-up trial. How
// close 25 trials with two jobs get to Branin's minimum depends on timing, so no threshold is asserted here; the
// quality of gp is measured by ModelSamplersTest and QualityBench.
def rows = new File(basedir, 'target/tuner/trials.csv').readLines()
assert rows.size() == 26
def complete = rows.drop(1).findAll { it.split(',')[1] == 'complete' }
assert complete.size() == 25 : rows.join('\n')
def points = complete.collect { it.split(',')[2..3].join(',') }
assert points.toSet().size() == 25 : "repeated parameters: ${points}"
def byNumber = complete.collectEntries { def c = it.split(','); [(c[0] as int): (c[5] as double)] }
def startUp = byNumber.findAll { it.key < 10 }.values().min()
def modelled = byNumber.findAll { it.key >= 10 }.values().min()
assert modelled < startUp : "best Branin of gp's proposals ${modelled}, of the start-up trials ${startUp}"
return true
