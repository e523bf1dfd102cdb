// Offline, a baseline release missing from the local repository is named with its coordinates, in one line.
def log = new File(basedir, 'build.log').text
assert log.contains('<gate><baseline>dev.tuner.it:never-released:1.0</baseline>: cannot resolve the bundle '
        + 'dev.tuner.it:never-released:zip:model-bundle:1.0 offline: it is not in the local repository')
// One line: the resolver's own multi-line report is not appended to it.
assert log.contains("version's bundle first, or point <baseline> at a file) -> [Help")
assert !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert !new File(basedir, 'target/tuner/gate.json').exists()
return true
