// The gp sampler runs inside Maven (its linear algebra library on the plugin's class path) with two jobs: 25
// trials, all complete, no two with the same parameters (running trials are not proposed again), near Branin's
// minimum (0.398): below 1.0, where random search after 25 trials typically still is above 1.
def rows = new File(basedir, 'target/tuner/trials.csv').readLines()
assert rows.size() == 26
def complete = rows.drop(1).findAll { it.split(',')[1] == 'complete' }
assert complete.size() == 25 : rows.join('\n')
def points = complete.collect { it.split(',')[2..3].join(',') }
assert points.toSet().size() == 25 : "repeated parameters: ${points}"
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.best.values.branin < 1.0 : "best Branin value ${best.best.values.branin}"
return true
