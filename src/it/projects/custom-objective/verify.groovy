// A project's own objective is tuned like a built-in one: 40 trials, and TPE gets near Branin's minimum (0.398).
def rows = new File(basedir, 'target/tuner/trials.csv').readLines()
assert rows.size() == 41
assert rows[0].startsWith('number,state,param:x,param:y,value@1,branin')
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.objectives[0].metric == 'branin' && best.objectives[0].direction == 'min'
assert best.best.values.branin < 2.0 : "best Branin value ${best.best.values.branin}"
assert best.heldOut == null
def log = new File(basedir, 'build.log').text
assert log =~ /trial 40\/40 #\d+\s+complete/
return true
