// A windows-1252 file read through <dataset><encoding>, with a word in a numeric column (line 8), a row whose
// every feature is missing (line 21) and a row without a target (line 31): the study trains, and the warnings
// reach the build log at WARNING level.
def log = new File(basedir, 'build.log').text
[
    "iris-1252.csv: column 'sepal_length_cm' is numeric (147 of 148 values are numbers); 1 cell(s) read as missing: line 8 'high'",
    "iris-1252.csv: 1 row(s) with no value in target column 'label' left out: line 31",
].each { w ->
    assert log.readLines().any { it.startsWith('[WARNING]') && it.contains(w) } : "build.log lacks the warning: " + w
}
assert log.contains('Sampler auto: ') : 'the default sampler is auto and logs what it chose'
def trials = new File(basedir, 'target/tuner/trials.csv').readLines().drop(1)
assert trials.size() == 2 && trials.every { it.split(',')[1] == 'complete' } : 'not two complete trials: ' + trials
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.best != null : 'no best trial'
return true
