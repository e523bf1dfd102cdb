import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains("Study 'study-evolve': 5 trials finished, the target is 3: nothing to run (-Dtuner.moreTrials=N runs N more)") : log
assert log.contains("Study 'study-evolve': moreTrials=4 sets the target to 9")
def more = new JsonSlurper().parse(new File(basedir, 'target/more/best.json'))
assert more.trials.complete + more.trials.pruned + more.trials.failed == 9

// The widened bound is refused with the change named, old -> new, and the way to keep the trials.
assert log =~ /was created with a different configuration \(changed: <searchSpace><maxDepth>: int\(1, 4\) -> int\(1, 10\)\); set another <study> name \(and <carryTrialsFrom>study-evolve<\/carryTrialsFrom>/
assert !new File(basedir, 'target/refused/best.json').exists()

// The new study starts from the 9 old trials (all fit the wider range) and runs 3 more.
assert log.contains("Study 'wide' started from study 'study-evolve': 9 trial(s) carried as finished, 0 enqueued to run again, 0 left") : log
assert log.contains("Study 'wide': moreTrials=3 sets the target to 12")
def old = new File(basedir, 'target/more/trials.csv').readLines()
def wide = new File(basedir, 'target/wide/trials.csv').readLines()
assert wide.size() == 13 : "12 trials expected, got ${wide.size() - 1}"
// The carried trials are the old ones, row for row (number, state, parameter, values, metrics...).
for (int i = 1; i <= 9; i++) {
    assert wide[i] == old[i] : "carried row ${i} differs:\n${old[i]}\n${wide[i]}"
}
// Trial lines name their study when it is not the project's own (another study may log at the same time).
assert log =~ /\[INFO\] trial 1\/5 #0 /
assert log =~ /\[INFO\] \[wide\] trial 10\/12 #9 /
return true
