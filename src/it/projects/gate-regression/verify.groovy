// The same model passes against the recorded baseline; a deliberately weakened model fails with one line per rule.
import groovy.json.JsonSlurper

def baseline = new JsonSlurper().parse(new File(basedir, 'src/test/tuner/baseline.json'))
assert baseline.formatVersion == 1
assert baseline.predictions.size() == 30 : "one prediction per held-out row"
assert baseline.metrics.accuracy > 0.9

def pass = new JsonSlurper().parse(new File(basedir, 'pass/tuner/gate.json'))
assert pass.status == 'passed'
assert pass.baseline.paired == true
assert pass.rules.size() == 3
assert pass.rules.every { it.status == 'passed' }
assert pass.rules[0].change == 0.0

def log = new File(basedir, 'build.log').text
assert log.contains('tuner:gate: 3 of 3 rule(s) failed against ') : "no failure summary in build.log"
def errors = log.readLines().findAll { it.startsWith('[ERROR] ') }*.substring(8)
def accuracyLine = errors.find { it.startsWith('accuracy: drop ') }
assert accuracyLine != null : "no accuracy line in build.log"
assert accuracyLine.contains(', tolerance maxDrop 0.01, 95% interval of change [')
assert accuracyLine.contains('McNemar p = ')
assert errors.any { it.startsWith('macro-f1: drop ') && it.contains('tolerance maxRelativeDrop 2%') }
// The per-rule lines of a failing gate are errors too, not INFO lines a reader skims past.
assert errors.any { it.startsWith('  failed: accuracy: drop ') } : "the failed rule is not logged at ERROR"

def md = new File(basedir, 'target/tuner/gate.md').text
assert md.startsWith('### tuner:gate FAILED: 3 of 3 rules')
assert md.contains('| accuracy (maxDrop 0.01) |')
assert md.contains('**failed**')

def xml = new groovy.xml.XmlSlurper().parse(new File(basedir, 'target/tuner/TEST-tuner-gate.xml'))
assert xml.name() == 'testsuite'
assert xml.@tests.text() == '3'
assert xml.@failures.text() == '3'
assert xml.testcase.size() == 3
assert xml.testcase[0].@name.text() == 'accuracy (maxDrop 0.01)'
assert xml.testcase[0].failure.@message.text() == accuracyLine
assert xml.testcase[2].failure.@message.text().startsWith('balanced-accuracy: below minimum 0.5 | ')
return true
