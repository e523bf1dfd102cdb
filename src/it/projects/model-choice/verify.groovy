// trials.csv: one column per parameter ("param:<name>"); a trial fills only the chosen trainer's parameters. The
// number, state and parameter columns come first and hold no comma, so splitting the line is safe up to them.
def lines = new File(basedir, 'target/tuner/trials.csv').readLines()
def header = lines[0].split(',', -1) as List
def params = header.findAll { it.startsWith('param:') }
assert params.containsAll(['param:trainer', 'param:cart.maxDepth', 'param:logistic.epochs',
                           'param:logistic.learningRate'])
// knn has no entry in <searchSpace>: tuned over its suggested space, under the knn. prefix.
assert params.any { it.startsWith('param:knn.') }
def rows = lines.drop(1).collect { line -> def cells = line.split(',', -1); header.withIndex().collectEntries { h, i -> [h, cells[i]] } }
assert rows.size() == 16
def trainers = rows.collect { it['param:trainer'] } as Set
assert trainers.size() >= 2 : "only ${trainers} were tried"
rows.each { r ->
    def t = r['param:trainer']
    params.findAll { it != 'param:trainer' }.each { p ->
        def owner = p.substring('param:'.length()).tokenize('.')[0]
        if (owner == t) {
            assert r[p] != '' : "trial ${r.number} (${t}) has no ${p}"
        } else {
            assert r[p] == '' : "trial ${r.number} (${t}) has inactive ${p}=${r[p]}"
        }
    }
}
def best = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/tuner/best.json'))
assert best.best.params.trainer in ['cart', 'logistic', 'knn']
assert best.best.params.keySet().every { it == 'trainer' || it.startsWith(best.best.params.trainer + '.') }
def log = new File(basedir, 'build.log').text
assert log.contains("<searchSpace> has no knn.* entry: tuned trainer 'knn' over its suggested space")
return true
