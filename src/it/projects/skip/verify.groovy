def log = new File(basedir, 'build.log').text
assert log.contains('Skipping tune: tuner.tune.skip is set')
assert !new File(basedir, 'target/tuner').exists()
return true
