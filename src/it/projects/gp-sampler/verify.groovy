// The gp sampler runs inside Maven (its linear algebra library on the plugin's class path) with two jobs: 25
// trials, all complete, no two with the same parameters (running trials are not proposed again), and the model at
// work: the trials it proposed (after the 10 Sobol start-up trials) score a median at most half of the start-up
// trials' median. (The best value of 25 trials with two jobs depends on timing, so it is not asserted.)
def rows = new File(basedir, 'target/tuner/trials.csv').readLines()
assert rows.size() == 26
def complete = rows.drop(1).findAll { it.split(',')[1] == 'complete' }
assert complete.size() == 25 : rows.join('\n')
def points = complete.collect { it.split(',')[2..3].join(',') }
assert points.toSet().size() == 25 : "repeated parameters: ${points}"
def byNumber = complete.collectEntries { def c = it.split(','); [(c[0] as int): (c[5] as double)] }
def median = { List<Double> v -> def s = v.sort(false); s.size() % 2 ? s[s.size().intdiv(2)] : (s[s.size().intdiv(2) - 1] + s[s.size().intdiv(2)]) / 2 }
def startUp = median(byNumber.findAll { it.key < 10 }.values() as List)
def modelled = median(byNumber.findAll { it.key >= 10 }.values() as List)
assert modelled <= startUp / 2 : "median Branin of gp's proposals ${modelled} against ${startUp} at start-up"
return true
