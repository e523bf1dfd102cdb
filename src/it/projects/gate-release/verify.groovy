// Version 2 resolved version 1's bundle from the local repository, offline, and compared both on the same rows.
import groovy.json.JsonSlurper

def installed = new File(localRepositoryPath, 'dev/tuner/it/gate-release/1.0/gate-release-1.0-model-bundle.zip')
assert installed.isFile() : "version 1 did not install its bundle"

def gate = new JsonSlurper().parse(new File(basedir, 'target/tuner/gate.json'))
assert gate.status == 'passed' : "gate.json status ${gate.status}"
assert gate.baseline.kind == 'bundle'
assert gate.baseline.source.startsWith('dev.tuner.it:gate-release:1.0')
assert gate.baseline.paired == true
assert gate.rows == 30
assert gate.rules.findAll { it.limits.maxDrop != null || it.limits.maxRelativeDrop != null }.every { it.interval != null }
assert gate.rules[0].mcnemar != null

def log = new File(basedir, 'build.log').text
assert log.contains('Baseline dev.tuner.it:gate-release:zip:model-bundle:1.0 resolved to ')
assert new File(basedir, 'target/tuner/TEST-tuner-gate.xml').isFile()
return true
