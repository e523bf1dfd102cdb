// Two modules tuned by two threads of one `mvn -T 2` build: each trial line names its study, both studies live in
// one SQLite file (two writers in one JVM), and each module writes its own result.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('thread count of 2') : 'the build did not run with -T 2:\n' + log
assert !log.toLowerCase().contains('database is locked') : log
for (module in ['alpha', 'beta']) {
    def lines = (log =~ /\[INFO\] \[${module}\] trial (\d+)\/12 #(\d+) /).collect { it[2] as int }
    assert lines.toSet() == (0..<12).toSet() : "${module}: trial lines ${lines.sort()}"
    def best = new JsonSlurper().parse(new File(basedir, "${module}/target/tuner/best.json"))
    assert best.study == module : "${module}: best.json names study ${best.study}"
    assert best.trials.complete == 12 : "${module}: ${best.trials}"
}
// No unprefixed trial line: under -T 2 a reader could not tell the studies apart.
assert !(log =~ /\[INFO\] trial \d+\/\d+ #/) : 'a trial line without its study:\n' + log
assert new File(basedir, 'target/shared/studies.db').isFile()
return true
