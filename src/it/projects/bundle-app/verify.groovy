// The application of examples/bundle-app, run in its own JVM on its runtime class path (exec:exec).
def log = new File(basedir, 'build.log').text

def jars = (log =~ /(?m)^Class path jar: (\S+) (\d+)$/).collect { [it[1], it[2] as long] }
assert jars.size() > 10 : "the application printed its class path"
def forbidden = ~/^(sqlite-jdbc|postgresql|xgboost4j|libsvm|liblinear|plexus-|commons-|langchain4j|maven-|onnxruntime|ejml-|jline-|jansi-).*/
def offending = jars.findAll { it[0] ==~ forbidden }
assert offending.isEmpty() : "plugin-only jars on the application's class path: ${offending}"
assert jars.any { it[0].startsWith('tuner-maven-plugin-') }
assert jars.any { it[0].startsWith('tribuo-classification-sgd-') }

def total = (log =~ /Runtime class path: (\d+) jars, (\d+) bytes/)
assert total.find() : 'the total size line'
long bytes = total.group(2) as long
assert bytes == jars.sum { it[1] }
println "bundle-app: runtime class path ${total.group(1)} jars, ${bytes} bytes"
assert bytes < 15_000_000L : "runtime class path of ${bytes} bytes, more than 15 MB"

assert log =~ /Loaded dev.tuner.examples:bundle-app-model in \d+ ms/
assert log =~ /Row 1 .* -> setosa/
assert log =~ /Row 3 .* -> virginica/
assert log =~ /Row 4 \{[^}]*sepal_width_cm=,[^}]*\} -> \w+/ : 'a row with missing cells is predicted'
assert log =~ /Nearest to n9: n9 \(virginica, cosine 1.000\)/

def share = (log =~ /Share 0.25: Served\[stable=(\d+), candidate=(\d+)\]/)
assert share.find()
long candidate = share.group(2) as long
assert candidate > 2200 && candidate < 2800 : "about a quarter of 10,000 users on the candidate: ${candidate}"
assert log.contains('Rollback: user-7 on stable; sticky before: true')
true
