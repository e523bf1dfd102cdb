// Three `mvn tuner:tune` processes started together in one project directory, as three terminals or CI steps on one
// workspace do: same study, same default storage (.tuner/studies.db), same output directory (target/tuner). Each
// writes trials.csv, best.json and report.html there at its end; none may fail, and the study reaches its target
// exactly.
import java.util.concurrent.TimeUnit

def target = 30
def workers = 3
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').absolutePath
def repo = localRepositoryPath.absolutePath
def out = new File(basedir, 'target/tuner')
// A study of its own on every run of this IT (a rerun in the same target/ must not resume it).
def db = new File(basedir, '.tuner/studies.db')
['', '-wal', '-shm'].each { new File(db.path + it).delete() }
out.deleteDir()

def processes = (0..<workers).collect { w ->
    def pb = new ProcessBuilder(mvn, '-B', '-o', '-llr', "-Dmaven.repo.local=${repo}", 'tuner:tune',
            '-Dtuner.study=shared', "-Dtuner.trials=${target}", '-Dtuner.jobs=1')
    pb.directory(basedir)
    pb.redirectErrorStream(true)
    pb.redirectOutput(new File(basedir, "worker-${w}.log"))
    pb.start()
}
processes.eachWithIndex { p, w -> assert p.waitFor(300, TimeUnit.SECONDS) : "worker ${w} did not finish in 300 s" }

def numbers = []
processes.eachWithIndex { p, w ->
    def text = new File(basedir, "worker-${w}.log").text
    assert p.exitValue() == 0 : "worker ${w} failed:\n" + text
    assert text.contains('BUILD SUCCESS')
    assert !text.contains('[ERROR]') : "worker ${w} logged an error:\n" + text
    numbers.addAll((text =~ /trial \d+\/\d+ #(\d+)/).collect { it[1] as int })
}
assert numbers.size() == target : "${numbers.size()} trials run, expected ${target}: ${numbers.sort()}"
assert numbers.toSet() == (0..<target).toSet() : "a trial number ran twice or was lost: ${numbers.sort()}"

// Every worker waited for the others, so whichever wrote last, the files hold the whole study, and no temporary
// file of a writer is left behind.
def rows = new File(out, 'trials.csv').readLines()
assert rows.size() == target + 1 : "trials.csv has ${rows.size() - 1} rows"
assert rows.drop(1).collect { it.split(',')[0] as int }.toSet() == (0..<target).toSet()
def best = new groovy.json.JsonSlurper().parse(new File(out, 'best.json'))
assert best.trials.complete + best.trials.pruned + best.trials.failed == target
assert new File(out, 'report.html').text.startsWith('<!DOCTYPE html>')
def leftovers = out.list().findAll { it.startsWith('.') || it.endsWith('.tmp') }
assert leftovers.isEmpty() : "temporary files left in ${out}: ${leftovers}"
return true
