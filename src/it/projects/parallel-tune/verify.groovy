// Four Maven processes started together run one study on one SQLite file (what four CI jobs sharing a workspace,
// or a developer's four terminals, do). They run `tuner:tune` offline against the repository this IT was given.
import java.util.concurrent.TimeUnit

def target = 48
def workers = 4
def mavenHome = System.getProperty('maven.home')
def mvn = new File(mavenHome, 'bin/mvn').absolutePath
def repo = localRepositoryPath.absolutePath

// A study database of its own, new on every run (a rerun of this IT in the same target/ must not resume).
def db = new File(basedir, 'target/parallel/studies.db')
db.parentFile.deleteDir()

def processes = []
long start = System.nanoTime()
for (int w = 0; w < workers; w++) {
    def log = new File(basedir, "worker-${w}.log")
    def pb = new ProcessBuilder(mvn, '-B', '-o', '-llr', "-Dmaven.repo.local=${repo}", 'tuner:tune',
            '-Dtuner.study=parallel', "-Dtuner.storage=${db.absolutePath}", "-Dtuner.trials=${target}", '-Dtuner.jobs=1',
            "-Dtuner.outputDirectory=target/worker-${w}")
    pb.directory(basedir)
    pb.redirectErrorStream(true)
    pb.redirectOutput(log)
    processes << pb.start()
}
processes.eachWithIndex { p, w ->
    assert p.waitFor(300, TimeUnit.SECONDS) : "worker ${w} did not finish in 300 s"
}
double seconds = (System.nanoTime() - start) / 1e9

def numbers = []
long retries = 0
int participants = 0
processes.eachWithIndex { p, w ->
    def text = new File(basedir, "worker-${w}.log").text
    assert p.exitValue() == 0 : "worker ${w} failed:\n" + text
    assert text.contains('BUILD SUCCESS')
    assert !text.toLowerCase().contains('database is locked') : "worker ${w} saw a locked database:\n" + text
    def mine = (text =~ /trial \d+\/\d+ #(\d+)/).collect { it[1] as int }
    numbers.addAll(mine)
    participants += mine.isEmpty() ? 0 : 1
    def m = text =~ /Storage .*: (\d+) busy retries/
    assert m.find() : "worker ${w} printed no storage summary"
    retries += m.group(1) as long
}
assert participants >= 2 : "the workers did not really run together (only ${participants} ran trials)"
assert numbers.size() == target : "${numbers.size()} trials run, expected ${target}: ${numbers.sort()}"
assert numbers.toSet().size() == target : "a trial number ran twice: ${numbers.sort()}"
assert numbers.toSet() == (0..<target).toSet() : "numbers lost: ${numbers.sort()}"

// The worker that finished last saw the whole study: every trial, each once, all finished.
def csvs = (0..<workers).collect { new File(basedir, "target/worker-${it}/trials.csv").readLines() }
def full = csvs.max { it.size() }
assert full.size() == target + 1 : "the last trials.csv has ${full.size() - 1} rows"
assert full.drop(1).collect { it.split(',')[0] as int }.toSet() == (0..<target).toSet()

def report = String.format(Locale.ROOT, "parallel-tune: %d Maven processes, %d trials in %.1f s wall (%.1f trials/s "
        + "including JVM and Maven start-up), %d processes ran trials, %d busy retries in all",
        workers, target, seconds, target / seconds, participants, retries)
println report
new File(basedir, 'parallel-tune.txt').text = report + '\n'
return true
