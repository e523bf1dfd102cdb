// The study is capped at the plan: the baseline plus maxVariants = 4 variants, each changing one parameter.
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.trials.complete + best.trials.pruned + best.trials.failed == 5
assert best.sweep.baseline.params.maxDepth == 4
assert best.sweep.variants.size() == 4
best.sweep.variants.each { v ->
    assert v.changed.size() == 1 : "a variant must change exactly one parameter: ${v.changed}"
    def base = best.sweep.baseline.values.accuracy
    def expected = 100 * (v.values.accuracy - base) / Math.abs(base)
    assert Math.abs(v.changePercent.accuracy - expected) < 1e-9
}
// Round-robin over the parameters: both are varied within four variants.
assert best.sweep.variants.collect { it.changed.keySet() }.flatten().toSet() == ['maxDepth', 'minChildWeight'].toSet()
def log = new File(basedir, 'build.log').text
assert log.contains('Sweep baseline #0')
assert (log =~ /Sweep #\d+ \{\w+=[^}]+\}: accuracy [+-]\d+\.\d\d%/).find()
return true
