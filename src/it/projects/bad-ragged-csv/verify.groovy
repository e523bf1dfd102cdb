// The build must fail with one line that names the culprit, and leave no study behind.
def log = new File(basedir, 'build.log').text
def expected = '''ragged.csv: line 4 has 2 fields, header has 3'''
assert log.contains(expected) : "build.log lacks: " + expected
assert !log.contains('Exception in thread') && !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert !new File(basedir, 'target/tuner/best.json').exists()
return true
