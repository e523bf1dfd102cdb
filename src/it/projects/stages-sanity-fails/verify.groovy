// Pure noise, 83% 'no': deep trees on it do no better than always answering 'no'; the sanity stage fails the build
// before the coarse stage starts, and nothing is written.
def log = new File(basedir, 'build.log').text
assert log.contains("Study 'stages-sanity-fails:sanity'")
assert log.contains('Stage sanity failed: the best of 4 trial(s)')
assert log.contains('trivial predictor (class frequencies)')
assert !log.contains("Study 'stages-sanity-fails:coarse'")
assert !new File(basedir, 'target/tuner/best.json').exists()
return true
