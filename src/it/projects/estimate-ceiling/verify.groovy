// The ceiling fails the build with one line naming the ceiling and the excess; tune never ran.
def log = new File(basedir, 'build.log').text
def matcher = log =~ /<maxWallTime>PT0\.01S<\/maxWallTime> exceeded: expected \S+ \([0-9.]+ s\), [0-9.]+ s \([0-9]+%\) over/
assert matcher.find() : 'build.log lacks the maxWallTime failure line'
assert !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert new File(basedir, 'target/tuner/estimate.json').isFile() : 'the plan is written even when over budget'
assert !new File(basedir, 'target/tuner/best.json').exists() : 'tune must not run'
assert !new File(basedir, '.tuner/studies.db').exists() : 'no study may be started'
return true
