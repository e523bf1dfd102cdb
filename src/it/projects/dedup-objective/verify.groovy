// examples/dedup on a small corpus: NSGA-II with Hyperband over three objectives under two constraints, then the
// top-k Pareto trials re-run on the whole corpus into production.json and production.md.
def slurper = new groovy.json.JsonSlurper()
def rows = new File(basedir, 'target/tuner/trials.csv').readLines()
assert rows.size() == 13
def best = slurper.parse(new File(basedir, 'target/tuner/best.json'))
assert best.objectives*.metric == ['good-clusters', 'coverage', 'edges']
def production = slurper.parse(new File(basedir, 'target/tuner/production.json'))
assert production.trials.size() >= 1 && production.trials.size() <= 3
assert production.best.number == production.trials[0].number
production.trials.each { t ->
    assert t.params.keySet() == ['threshold', 'k', 'mutual', 'minClusterSize'] as Set
    ['good-clusters', 'coverage', 'edges', 'clusters', 'purity'].each { m ->
        assert t.full[m] != null && t.sample[m] != null : "trial ${t.number} lacks ${m}"
    }
    assert t.full.coverage >= 0 && t.full.coverage <= 1
}
def md = new File(basedir, 'target/tuner/production.md').text
assert md.contains('Best trial: #' + production.best.number)
assert md.contains('| trial | feasible | good-clusters (sample) | good-clusters (full) |')
def log = new File(basedir, 'build.log').text
assert log =~ /trial 12\/12 #\d+/
assert log.contains('Production #' + production.best.number + ' full data')
return true
