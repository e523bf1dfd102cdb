def log = new File(basedir, 'build.log').text
assert log.contains('[WARNING] -Dtuner.topK=7 is ignored: <topK>3</topK> in the POM\'s plugin <configuration> takes '
        + 'precedence; set it as <properties><tuner.topK>3</tuner.topK></properties> instead so that the command line '
        + 'can override it')
// A value in <properties> is what -D overrides: no warning for it.
assert !log.contains('-Dtuner.trials=9 is ignored')
assert log.contains('Skipping tune: tuner.tune.skip is set')

def read = { String dir -> new groovy.json.JsonSlurper().parse(new File(basedir, "target/${dir}/estimate.json")) }
def cli = read('command-line')
assert cli.trials == 9 && cli.settingsFrom.trials == '-Dtuner.trials' : "trials ${cli.trials} from ${cli.settingsFrom.trials}"
assert cli.settingsFrom.topK == '<topK>' : "the POM's <topK> wins over -Dtuner.topK: ${cli.settingsFrom.topK}"
def pom = read('pom-property')
assert pom.trials == 3 && pom.settingsFrom.trials == '<properties><tuner.trials>' : "${pom.trials} from ${pom.settingsFrom.trials}"
assert log.contains('Settings: trials from -Dtuner.trials, budgets from default, folds from default, topK from <topK>')
// Once per build, although three goals read the configuration.
def unknown = '[WARNING] <maxSeconds> in the plugin\'s <configuration> is not a parameter of any tuner goal, so it has no effect (close: '
assert log.contains(unknown)
assert log.count(unknown) == 3 : 'once per invocation: ' + log.count(unknown)
return true
