// The build must fail with one line that names the culprit, and leave no study behind.
def log = new File(basedir, 'build.log').text
def expected = '''<budgets>0.5,0.2,1.0</budgets>: budgets must rise, but 0.2 follows 0.5'''
assert log.contains(expected) : "build.log lacks: " + expected
// Once: Maven's console appends each cause's message the line lacks, which repeated it in the engine's words.
assert log.contains(expected + ' -> [Help') : "the failure line goes on after the message: " + log.readLines().find { it.contains(expected) }
assert !log.contains('Exception in thread') && !log.contains('\tat dev.tuner') : 'a stack trace reached the user'
assert !new File(basedir, 'target/tuner/best.json').exists()
return true
