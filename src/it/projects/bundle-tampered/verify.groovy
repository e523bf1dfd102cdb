// The gate loads the candidate through BundleLoader, which checks every checksum before parsing anything.
def log = new File(basedir, 'build.log').text
assert log.contains("tampered-model-bundle.zip: checksum mismatch for 'metrics.json'")
assert log.contains('the bundle is corrupt or was modified after it was built')
assert !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert !new File(basedir, 'target/tuner/gate.json').exists()
return true
