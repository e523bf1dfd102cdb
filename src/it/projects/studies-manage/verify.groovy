// tuner:studies on the studies of this build: copy, delete, export, list; then, when CI gives a PostgreSQL server
// (TUNER_TEST_POSTGRES_URL), the same study to PostgreSQL and back, compared trial by trial.
import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit

def log = new File(basedir, 'build.log').text
assert log.contains("Copied study 'iris' from ") && log.contains(" as 'iris-copy': 6 trial(s)") : log
assert log.contains("Deleted study 'scratch' (3 trials: 3 complete) from ") : log

// The list after the delete: only iris, with its trials by state, best, created and last used.
def listed = log.substring(log.lastIndexOf('Studies in '))
assert listed =~ /Studies in .*studies\.db: 1/ : listed
assert listed =~ /iris \| 6 trials: 6 complete \| best accuracy 0\.\d{4} \(#\d+\) \| created \d{4}-\d\d-\d\d \d\d:\d\d \| last used / : listed
assert !listed.contains('scratch')

def json = new JsonSlurper().parse(new File(basedir, 'target/tuner/iris.json'))
assert json.study == 'iris'
assert json.trials.size() == 6
assert json.trials.every { it.state == 'complete' && it.params.maxDepth != null && it.intermediate.size() == 1 }

// The copy in another file holds the same trials: the CSV export of the copy against the JSON export of the source.
def csv = new File(basedir, 'target/tuner/iris-copy.csv').readLines()
assert csv[0].startsWith('number,state,param:maxDepth,value@1,accuracy,') : csv[0]
assert csv.size() == 7
csv.drop(1).eachWithIndex { line, i ->
    def cells = line.split(',')
    assert cells[0] as int == json.trials[i].number
    assert cells[2] as long == json.trials[i].params.maxDepth
    assert (cells[4] as double) == (json.trials[i].values[0] as double)
}

def url = System.getenv('TUNER_TEST_POSTGRES_URL')
if (!url) {
    println 'studies-manage: PostgreSQL part skipped (TUNER_TEST_POSTGRES_URL not set)'
    return true
}
def mvn = new File(System.getProperty('maven.home'), 'bin/mvn').absolutePath
def repo = localRepositoryPath.absolutePath
def run = { String name, List<String> args ->
    def out = new File(basedir, "${name}.log")
    def pb = new ProcessBuilder([mvn, '-B', '-o', '-llr', "-Dmaven.repo.local=${repo}".toString(), 'tuner:studies'] + args)
    pb.directory(basedir)
    pb.redirectErrorStream(true)
    pb.redirectOutput(out)
    def p = pb.start()
    assert p.waitFor(300, TimeUnit.SECONDS) : "${name} did not finish"
    assert p.exitValue() == 0 : "${name} failed:\n" + out.text
    return out.text
}
// A name of its own on the shared server, so that reruns and other builds do not collide.
def remote = "iris-it-${ProcessHandle.current().pid()}-${System.currentTimeMillis()}"
def there = run('to-postgres', ['-Dtuner.study=iris', "-Dtuner.copyTo=${url}".toString(), "-Dtuner.copyAs=${remote}".toString()])
assert there.contains(" as '${remote}': 6 trial(s)")
assert !there.contains('user=') : 'the URL query (credentials) is never printed'
run('back', ["-Dtuner.storage=${url}".toString(), "-Dtuner.study=${remote}".toString(),
             '-Dtuner.copyTo=target/back.db', '-Dtuner.copyAs=iris'])
run('back-export', ['-Dtuner.storage=target/back.db', '-Dtuner.study=iris', '-Dtuner.export=json',
                    '-Dtuner.exportFile=target/back.json'])
def back = new JsonSlurper().parse(new File(basedir, 'target/back.json'))
assert back.trials == json.trials : 'SQLite to PostgreSQL and back changes nothing'
assert back.attributes == json.attributes
assert back.created == json.created
def listedThere = run('list-postgres', ["-Dtuner.storage=${url}".toString()])
assert listedThere.contains(remote)
run('delete-postgres', ["-Dtuner.storage=${url}".toString(), "-Dtuner.delete=${remote}".toString()])
return true
