// The second run continues the study of the first: 20 trials in all, the first 10 byte-for-byte the same rows.
def run1 = new File(basedir, 'target/run1/trials.csv').readLines()
def run2 = new File(basedir, 'target/run2/trials.csv').readLines()
assert run1.size() == 11 : "run 1 should have 10 trials, has ${run1.size() - 1}"
assert run2.size() == 21 : "run 2 should have 20 trials, has ${run2.size() - 1}"
for (int i = 0; i <= 10; i++) {
    assert run1[i] == run2[i] : "row ${i} changed between runs:\n${run1[i]}\n${run2[i]}"
}
def log = new File(basedir, 'build.log').text
assert log.contains("Study 'tune-resume': 10 of 20 trials finished before")
assert new File(basedir, '.tuner/studies.db').isFile()
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/run2/best.json'))
assert best.trials.complete + best.trials.pruned + best.trials.failed == 20
assert best.best.params.maxDepth != null
def report = new File(basedir, 'target/run2/report.html').text
assert report.startsWith('<!DOCTYPE html>') && report.contains('data-plot="history"') : 'tune writes report.html'
return true
