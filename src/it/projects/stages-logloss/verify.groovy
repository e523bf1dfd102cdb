// A sanity stage whose objective is log-loss passes: the trivial predictor gives every row the training rows' class
// frequencies (iris: a third each), so its log-loss is about ln 3 (the majority-class model had none, NaN, and every
// such stage failed).
def log = new File(basedir, 'build.log').text
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
def sanity = best.stages[0]
assert sanity.name == 'sanity' && sanity.passed == true
assert Math.abs(sanity.trivial['log-loss'] - Math.log(3)) < 0.05 : sanity.trivial
assert sanity.best.values['log-loss'] < sanity.trivial['log-loss']
assert log.contains('against the trivial predictor (class frequencies) log-loss=')
assert !log.contains('log-loss=NaN')
