// A build that goes on to tuner:bundle cannot take a testFraction of 0: it fails at tune, before any trial runs.
def log = new File(basedir, 'build.log').text
def expected = '''<dataset><testFraction>0</testFraction>: must be in (0, 1): this build goes on to tuner:bundle, which measures on the held-out rows (checked before the study runs)'''
assert log.contains(expected) : "build.log lacks: " + expected
assert !log.contains('Trial #0') && !log.contains('trial #0') : 'a trial ran before the check'
assert !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert !new File(basedir, 'target/tuner/best.json').exists()
return true
